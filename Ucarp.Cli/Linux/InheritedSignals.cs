using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Undoes, first thing, what a supervisor or a pid-1 wrapper may hand over through exec (execve(2) keeps
/// ignored signals ignored and the signal mask as it was):
/// <list type="bullet">
/// <item>SIGCHLD back to its default: while it is ignored the kernel reaps every child itself (wait(2),
/// "POSIX.1-2001 specifies that if the disposition of SIGCHLD is set to SIG_IGN..."), so no script's or
/// health check's status would ever reach waitpid.</item>
/// <item>Every signal unblocked but SIGUSR1 and SIGUSR2: without --shutdown, TERM, INT, QUIT and HUP end
/// the process by their default action as they end ucarp 1.5.2, and a blocked one would leave it running.
/// USR1 and USR2 stay blocked: one already pending waits for the signalfd (SignalDescriptor) instead of
/// ending the process by its default action before the descriptor exists.</item>
/// </list>
/// Ignored TERM, INT, QUIT and HUP stay ignored, as ucarp 1.5.2 leaves them (nohup's HUP), and SIGPIPE stays
/// ignored as the .NET runtime sets it: a closed log pipe makes a write fail, never ends the process without
/// its down script. Ignored USR1 and USR2 still reach the signalfd: a blocked signal is never discarded as
/// ignored (signal(7)).
/// </summary>
internal static unsafe class InheritedSignals
{
    private const int SIGUSR1 = 10;   // signal.h, x86-64
    private const int SIGUSR2 = 12;
    private const int SIGCHLD = 17;
    private const nint SIG_DFL = 0;

    public static void Reset()
    {
        if (Interop.Libc.signal(SIGCHLD, SIG_DFL) == -1)
        {
            Errno.Throw("signal(SIGCHLD)", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }
        sigset_t unblock;
        _ = sigfillset(&unblock);
        _ = sigdelset(&unblock, SIGUSR1);
        _ = sigdelset(&unblock, SIGUSR2);
        SignalDescriptor.ChangeMask(SIG_UNBLOCK, unblock);
    }
}
