using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// Signals as flags for the event loop: it polls <see cref="Fd"/>, calls <see cref="Drain"/> when it is
/// readable, and acts on the flags between two polls. Nothing runs when a signal arrives.
/// </summary>
internal sealed class SignalInbox : IDisposable
{
    private const int SIGHUP = 1;     // signal.h, x86-64
    private const int SIGINT = 2;
    private const int SIGQUIT = 3;
    private const int SIGUSR1 = 10;
    private const int SIGUSR2 = 12;
    private const int SIGTERM = 15;

    private readonly SignalDescriptor _descriptor;
    private bool _status;
    private bool _demote;

    /// <param name="terminateGracefully">--shutdown: TERM, INT, QUIT and HUP are ours; otherwise they keep their default and end the process.</param>
    public SignalInbox(bool terminateGracefully) =>
        _descriptor = new SignalDescriptor(terminateGracefully
            ? [SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGQUIT, SIGHUP]
            : [SIGUSR1, SIGUSR2]);

    public int Fd => _descriptor.Fd;

    public bool TerminateRequested { get; private set; }

    /// <summary>Turns every pending signal into its flag.</summary>
    public void Drain()
    {
        int signal;
        while ((signal = _descriptor.Read()) != 0)
        {
            switch (signal)
            {
                case SIGUSR1:
                    _status = true;
                    break;
                case SIGUSR2:
                    _demote = true;
                    break;
                default:
                    TerminateRequested = true;
                    break;
            }
        }
    }

    public bool TakeStatusRequest() => Take(ref _status);

    public bool TakeDemoteRequest() => Take(ref _demote);

    private static bool Take(ref bool flag)
    {
        bool was = flag;
        flag = false;
        return was;
    }

    public void Dispose() => _descriptor.Dispose();
}
