using Tmds.Linux;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// posix_spawn with execve semantics: the path exactly as given (no PATH search, no shell), argv[0] = path,
/// every signal disposition back to default and an empty signal mask (the .NET runtime installs handlers and
/// threads may block signals; scripts must not inherit either). Descriptors are not inherited because every
/// descriptor this process opens is close-on-exec. A script leads a process group of its own, so a hung
/// one can be stopped with everything it started.
/// </summary>
internal static unsafe class PosixSpawn
{
    /// <summary>
    /// Returns 0 and the pid, or the error number (exec failures such as ENOENT and EACCES included:
    /// glibc's posix_spawn reports them from the child). nullStdio puts stdin/stdout/stderr on /dev/null
    /// (a detached process always has them there).
    /// </summary>
    public static int Start(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> extraEnvironment,
        DetachedStdio? detached, out int pid, bool nullStdio = false)
    {
        pid = 0;
        var argv = new List<string>(arguments.Count + 1) { path };
        argv.AddRange(arguments);
        using var nativeArgv = new NativeStringArray(argv);
        using var nativeEnvp = new NativeStringArray(BuildEnvironment(extraEnvironment));
        using var nativePath = new NativeStringArray([path, "/dev/null", "/"]);

        // Signals 1..64 except SIGKILL and SIGSTOP, written as bits: sigaddset refuses glibc's internal
        // signals 32 and 33, and glibc's spawn would then hand them to the script ignored.
        sigset_t defaults;
        sigset_t emptyMask;
        _ = sigemptyset(&defaults);
        _ = sigemptyset(&emptyMask);
        *(ulong*)&defaults = ~((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)));

        posix_spawnattr_t attributes;
        int error = posix_spawnattr_init(&attributes);
        if (error != 0)
        {
            return error;
        }
        posix_spawn_file_actions_t actions;
        error = posix_spawn_file_actions_init(&actions);
        if (error != 0)
        {
            _ = posix_spawnattr_destroy(&attributes);
            return error;
        }
        try
        {
            short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
            if (detached is { NewSession: true })
            {
                flags |= POSIX_SPAWN_SETSID;
            }
            else if (detached is null)
            {
                flags |= POSIX_SPAWN_SETPGROUP;
            }
            error = posix_spawnattr_setflags(&attributes, flags);
            error = error != 0 ? error : posix_spawnattr_setpgroup(&attributes, 0);   // 0: its own pid
            error = error != 0 ? error : posix_spawnattr_setsigdefault(&attributes, &defaults);
            error = error != 0 ? error : posix_spawnattr_setsigmask(&attributes, &emptyMask);
            if (error == 0 && (nullStdio || detached is not null))
            {
                byte* devNull = nativePath.Pointer[1];
                error = posix_spawn_file_actions_addopen(&actions, 0, devNull, O_RDONLY, 0);
                error = error != 0 ? error : posix_spawn_file_actions_addopen(&actions, 1, devNull, O_WRONLY, 0);
                error = error != 0 ? error : posix_spawn_file_actions_addopen(&actions, 2, devNull, O_WRONLY, 0);
            }
            if (error == 0 && detached is { } stdio)
            {
                // dup2 clears close-on-exec on the copy: the child keeps exactly this one extra descriptor.
                error = error != 0 ? error : posix_spawn_file_actions_adddup2(&actions, stdio.ReadinessWriteFd, DetachedProcess.ReadinessFd);
                error = error != 0 ? error : posix_spawn_file_actions_addchdir_np(&actions, nativePath.Pointer[2]);
            }
            if (error != 0)
            {
                return error;
            }
            int child;
            error = posix_spawn(&child, nativePath.Pointer[0], &actions, &attributes, nativeArgv.Pointer, nativeEnvp.Pointer);
            if (error == 0)
            {
                pid = child;
            }
            return error;
        }
        finally
        {
            _ = posix_spawn_file_actions_destroy(&actions);
            _ = posix_spawnattr_destroy(&attributes);
        }
    }

    /// <summary>The inherited environment less the names set again, then the extra "NAME=value" entries.</summary>
    private static List<string> BuildEnvironment(IReadOnlyList<string> extraEnvironment)
    {
        IReadOnlyList<string> inherited = InheritedEnvironment.Entries;
        var result = new List<string>(inherited.Count + extraEnvironment.Count);
        foreach (string entry in inherited)
        {
            if (!IsSetAgain(InheritedEnvironment.NameOf(entry), extraEnvironment))
            {
                result.Add(entry);
            }
        }
        result.AddRange(extraEnvironment);
        return result;
    }

    private static bool IsSetAgain(ReadOnlySpan<char> name, IReadOnlyList<string> extraEnvironment)
    {
        for (int i = 0; i < extraEnvironment.Count; i++)
        {
            if (name.SequenceEqual(InheritedEnvironment.NameOf(extraEnvironment[i])))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Stdio on /dev/null, cwd "/", the readiness pipe's write end as descriptor 3, optionally a new session.
    /// </summary>
    public readonly record struct DetachedStdio(int ReadinessWriteFd, bool NewSession);
}
