using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// An up/down script running in the background. The loop polls ExitFd (a pidfd, readable once the child
/// has exited) and then reaps it with TryReap, so advertisements go on while the script runs.
///
/// The status reaches waitpid only while SIGCHLD is not ignored (InheritedSignals sees to that at start), and
/// while nothing else reaps every child: .NET's SIGCHLD handler (System.Native pal_signal.c) would, as pid 1,
/// but it is installed only by System.Diagnostics.Process, Console and PosixSignalRegistration, none of which
/// the daemon uses. Otherwise TryReap reports ProcessExit.Lost instead of a status.
/// </summary>
internal sealed class ScriptProcess : IDisposable
{
    private readonly FileDescriptorHandle _pidfd;
    private ProcessExit? _exit;

    private ScriptProcess(int pid, FileDescriptorHandle pidfd)
    {
        Pid = pid;
        _pidfd = pidfd;
    }

    public int Pid { get; }

    /// <summary>Readable (POLLIN) once the child has exited.</summary>
    public int ExitFd => _pidfd.Fd;

    /// <summary>
    /// Starts `path arguments...` (argv[0] = path). False with the errno when it could not be started:
    /// ENOENT for a missing script, EACCES for one that is not executable. nullStdio: stdin, stdout and
    /// stderr on /dev/null instead of the daemon's.
    /// </summary>
    public static unsafe bool TryStart(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> extraEnvironment,
        [NotNullWhen(true)] out ScriptProcess? process, out int errno, bool nullStdio = false)
    {
        process = null;
        errno = PosixSpawn.Start(path, arguments, extraEnvironment, detached: null, out int pid, nullStdio);
        if (errno != 0)
        {
            return false;
        }
        long fd = (ssize_t)syscall(SYS_pidfd_open, pid, 0);
        if (fd < 0)
        {
            // No pidfd (kernel before 5.3): do not leave a child we cannot watch.
            errno = Marshal.GetLastPInvokeError();
            _ = kill(pid, SIGKILL);
            int status;
            _ = Wait(pid, &status, 0, out _);
            return false;
        }
        process = new ScriptProcess(pid, new FileDescriptorHandle((int)fd));
        return true;
    }

    /// <summary>
    /// True once the child has ended (and is reaped: no zombie stays behind); false while it runs.
    /// </summary>
    public unsafe bool TryReap(out ProcessExit exit)
    {
        if (_exit is { } known)
        {
            exit = known;
            return true;
        }
        int status;
        long result = Wait(Pid, &status, WNOHANG, out int errno);
        if (result == 0)
        {
            exit = default;
            return false;
        }
        if (result < 0 && errno != ECHILD)
        {
            Errno.Throw("waitpid", errno);
        }
        exit = result < 0 ? ProcessExit.Lost : ProcessExit.FromWaitStatus(status);
        _exit = exit;
        return true;
    }

    /// <summary>
    /// Sends `signal` to the script's whole process group (it leads one, see PosixSpawn), so what it started
    /// stops with it. Nothing once it is reaped: its pid, and so the group id, may belong to another by then.
    /// </summary>
    public void SignalGroup(int signal)
    {
        if (_exit is not null || kill(-Pid, signal) == 0)
        {
            return;
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno != ESRCH)
        {
            Errno.Throw("kill", errno);
        }
    }

    /// <summary>Closes the pidfd. A child still running is neither killed nor waited for.</summary>
    public void Dispose() => _pidfd.Dispose();

    private static unsafe long Wait(int pid, int* status, int options, out int errno) =>
        Errno.Retry((pid, (nint)status, options), static (in (int Pid, nint Status, int Options) s) =>
            waitpid(s.Pid, (int*)s.Status, s.Options), out errno);
}
