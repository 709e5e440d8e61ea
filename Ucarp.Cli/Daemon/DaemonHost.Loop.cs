using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

internal sealed partial class DaemonHost
{
    // A flood must not starve timers: after this many frames, run the timers and poll again.
    private const int FramesPerWake = 64;

    private int Loop()
    {
        Span<PollFd> fds = stackalloc PollFd[6];
        while (true)
        {
            // Queued scripts start before the loop sleeps: the down script at start-up at once, and a
            // takeover's up script only after the engine has sent its first advertisement.
            _scripts.StartPending();
            fds[0] = new PollFd(_socket.Fd, PollEvents.In);
            fds[1] = new PollFd(_links.Fd, PollEvents.In);
            fds[2] = new PollFd(_signals.Fd, PollEvents.In);
            fds[3] = new PollFd(_scripts.ExitFd, PollEvents.In);
            fds[4] = new PollFd(_timer.Fd, PollEvents.In);
            fds[5] = new PollFd(_check?.ExitFd ?? -1, PollEvents.In);
            _monitor?.Publish();
            _timer.Arm(NextDeadline());
            _ = Poller.Wait(fds, timeout: null);

            if (HasInput(fds[2]))
            {
                _signals.Drain();
                HandleSignals();
            }
            // Before any frame or timer: a host told to stop never takes over on its way out.
            if (_signals.TerminateRequested)
            {
                _log.Debug($"Terminating: calling [{_options.DownScript}] if MASTER and exiting");
                return Leave(ExitCodes.Success, bowOut: true);
            }
            if (HasInput(fds[1]) && HandleLinkEvents() is int exitCode)
            {
                return exitCode;
            }
            if (HasInput(fds[0]))
            {
                ReceiveFrames();
            }
            if (HasInput(fds[3]))
            {
                _scripts.OnExited();
            }
            if (HasInput(fds[4]))
            {
                _timer.Reset();
            }
            _scripts.OnDeadline();
            if (_check is not null)
            {
                if (HasInput(fds[5]))
                {
                    _check.OnExited();
                }
                _check.OnDeadline();
            }
            _engine.OnTimer();
        }
    }

    /// <summary>
    /// The engine's or a script's next deadline; the metrics refresh only when the engine has none.
    /// A running engine wakes at least every advbase (or hears a frame), and the refresh rides on
    /// that wake-up instead of adding one of its own.
    /// </summary>
    private TimeSpan? NextDeadline() =>
        Earliest(Earliest(_engine.TimeUntilNextDeadline ?? _monitor?.TimeUntilRefresh, _scripts.TimeUntilDeadline), _check?.TimeUntilDeadline);

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static bool HasInput(PollFd fd) => (fd.ReturnedEvents & (PollEvents.In | PollEvents.Error | PollEvents.HangUp)) != 0;

    private void ReceiveFrames()
    {
        for (int batch = 0; batch < FramesPerWake / _frames.Capacity; batch++)
        {
            int count = _socket.Receive(_frames);
            for (int i = 0; i < count; i++)
            {
                _engine.OnFrame(_frames.Frame(i));
            }
            if (count < _frames.Capacity)
            {
                return;
            }
        }
    }

    private void HandleSignals()
    {
        if (_signals.TakeStatusRequest())
        {
            _log.Info(StatusReport.StatusLine(_engine.State, _typedInterface, _options.Vhid));
            _log.Info(StatusReport.CountersLine(_engine));
            if (_check is not null)
            {
                _log.Info(StatusReport.HealthLine(_check.Tracker, _engine));
            }
            _monitor?.RequestRefresh();
        }
        if (_signals.TakeDemoteRequest())
        {
            _log.Debug("Caught signal (USR2) considering going down");
            _engine.Demote();
        }
    }

    /// <summary>Carrier changes go to the engine; a removed interface ends the daemon.</summary>
    private int? HandleLinkEvents()
    {
        while (_links.TryRead(out LinkEvent e))
        {
            if (e.LostEvents)
            {
                // The kernel dropped events: ask for the state instead. The device may be gone by now,
                // or even back under the same name with another index: removed either way.
                e = NetDevice.TryQuery(NetDevice.DeviceName(_typedInterface), out NetDevice? device) && device.Index == _ifIndex
                    ? new LinkEvent(_ifIndex, device.IsUp, device.IsRunning, Removed: false)
                    : new LinkEvent(_ifIndex, IsUp: false, IsRunning: false, Removed: true);
            }
            if (e.Index != _ifIndex)
            {
                continue;
            }
            if (e.Removed)
            {
                _log.Error($"Interface [{_typedInterface}] was removed: exiting");
                return Leave(ExitCodes.SetupFailed, bowOut: false);
            }
            if (!_options.IgnoreIfState)
            {
                _engine.OnLinkChanged(e.IsRunning);
            }
        }
        return null;
    }

    /// <summary>
    /// Exits as a master leaving: an up script still running is stopped, queued up scripts are dropped,
    /// the engine goes to BACKUP (queueing the down script of a master), and the down script runs
    /// last whenever the VIP may still be configured. Every step is bounded by the script timeout.
    /// </summary>
    private int Leave(int exitCode, bool bowOut)
    {
        bool cutShort = _scripts.StopAll();
        _engine.Leave(bowOut);
        if (cutShort && !_scripts.HasPending && !string.IsNullOrEmpty(_options.DownScript))
        {
            _scripts.Enqueue(new ScriptRequest(_options.DownScript, CarpState.Backup, _engine.State, TransitionReason.Shutdown));
        }
        DrainScripts();
        return exitCode;
    }

    /// <summary>Lets the queued scripts run, each within its timeout; nothing else happens meanwhile.</summary>
    private void DrainScripts()
    {
        Span<PollFd> fds = stackalloc PollFd[1];
        _scripts.StartPending();
        while (!_scripts.IsIdle)
        {
            fds[0] = new PollFd(_scripts.ExitFd, PollEvents.In);
            _ = Poller.Wait(fds, _scripts.TimeUntilDeadline);
            if (HasInput(fds[0]))
            {
                _scripts.OnExited();
            }
            _scripts.OnDeadline();
        }
    }
}
