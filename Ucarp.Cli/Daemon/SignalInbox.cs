using System.Runtime.InteropServices;
using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// Signals as flags for the event loop. The runtime delivers them on its own thread; we only
/// record them and wake the loop, which acts on them between two polls.
/// </summary>
internal sealed class SignalInbox : IDisposable
{
    private const int SIGUSR1 = 10;   // signal.h, x86-64
    private const int SIGUSR2 = 12;

    private readonly WakeEvent _wake;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _status;
    private int _demote;
    private int _terminate;

    /// <param name="wake">Set from the signal thread to end the loop's poll.</param>
    /// <param name="terminateGracefully">--shutdown: TERM, INT, QUIT and HUP are ours; otherwise they keep their default and end the process.</param>
    public SignalInbox(WakeEvent wake, bool terminateGracefully)
    {
        _wake = wake;
        Register((PosixSignal)SIGUSR1);
        Register((PosixSignal)SIGUSR2);
        if (terminateGracefully)
        {
            foreach (PosixSignal signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP })
            {
                Register(signal);
            }
        }
    }

    public bool TakeStatusRequest() => Interlocked.Exchange(ref _status, 0) != 0;

    public bool TakeDemoteRequest() => Interlocked.Exchange(ref _demote, 0) != 0;

    public bool TerminateRequested => Volatile.Read(ref _terminate) != 0;

    private void Register(PosixSignal signal)
    {
        _registrations.Add(PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            switch ((int)context.Signal)
            {
                case SIGUSR1:
                    Volatile.Write(ref _status, 1);
                    break;
                case SIGUSR2:
                    Volatile.Write(ref _demote, 1);
                    break;
                default:
                    Volatile.Write(ref _terminate, 1);
                    break;
            }
            _wake.Set();
        }));
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
