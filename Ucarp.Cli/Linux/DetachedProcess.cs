using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// -B without fork: re-spawn our own executable (Environment.ProcessPath) with stdio on /dev/null, cwd "/",
/// optionally in a new session, and a pipe on descriptor 3 that the daemon writes its readiness message to.
/// The parent reads the pipe until EOF: a message, or nothing at all when the daemon died first.
/// </summary>
internal static class DetachedProcess
{
    // The descriptor number the readiness pipe has in the daemon.
    public const int ReadinessFd = 3;

    public static unsafe bool TryStart(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> extraEnvironment,
        bool newSession, out int pid, [NotNullWhen(true)] out FileDescriptorHandle? readiness, out int errno)
    {
        pid = 0;
        readiness = null;
        int* ends = stackalloc int[2];
        if (pipe2(ends, O_CLOEXEC) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }
        var reader = new FileDescriptorHandle(ends[0]);
        using var writer = new FileDescriptorHandle(ends[1]);
        errno = PosixSpawn.Start(path, arguments, extraEnvironment, new PosixSpawn.DetachedStdio(ends[1], newSession), out pid);
        if (errno != 0)
        {
            reader.Dispose();
            return false;
        }
        readiness = reader;
        return true;
    }

    /// <summary>
    /// In the daemon: takes descriptor 3 as the write end of the readiness pipe and makes it close-on-exec
    /// so scripts do not inherit it (the parent would otherwise wait for the scripts to close it too).
    /// Call only when started by TryStart (the caller passes a marker for that): descriptor 3 may be
    /// anything in a process started otherwise.
    /// </summary>
    public static FileDescriptorHandle AdoptReadinessPipe()
    {
        _ = Errno.Check(fcntl(ReadinessFd, F_SETFD, FD_CLOEXEC), "fcntl(F_SETFD)");
        return new FileDescriptorHandle(ReadinessFd);
    }
}
