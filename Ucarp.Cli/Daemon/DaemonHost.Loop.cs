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
        Span<PollFd> fds = stackalloc PollFd[5];
        while (true)
        {
            if (_signals.TerminateRequested)
            {
                _log.Debug($"Terminating: calling [{_options.DownScript}] if MASTER and exiting");
                _engine.Leave(bowOut: true);
                return DrainScripts(ExitCodes.Success);
            }

            fds[0] = new PollFd(_socket.Fd, PollEvents.In);
            fds[1] = new PollFd(_links.Fd, PollEvents.In);
            fds[2] = new PollFd(_wake.Fd, PollEvents.In);
            fds[3] = new PollFd(_scripts.ExitFd, PollEvents.In);
            fds[4] = new PollFd(_timer.Fd, PollEvents.In);
            _monitor?.Publish();
            _timer.Arm(NextDeadline());
            _ = Poller.Wait(fds, timeout: null);

            if (HasInput(fds[2]))
            {
                _wake.Reset();
                HandleSignals();
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
            _engine.OnTimer();
            // Scripts start only now, after the engine has sent what it had to send: a takeover's
            // first advertisement goes out before the up script is even spawned.
            _scripts.StartPending();
        }
    }

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
                // The kernel dropped events: ask for the state instead.
                e = new LinkEvent(_ifIndex, true, NetDevice.Query(NetDevice.DeviceName(_typedInterface)).IsRunning, false);
            }
            if (e.Index != _ifIndex)
            {
                continue;
            }
            if (e.Removed)
            {
                _log.Error($"Interface [{_typedInterface}] was removed: exiting");
                _engine.Leave(bowOut: false);
                return DrainScripts(ExitCodes.SetupFailed);
            }
            if (!_options.IgnoreIfState)
            {
                _engine.OnLinkChanged(e.IsRunning);
            }
        }
        return null;
    }

    /// <summary>Lets queued scripts (the down script of a leaving master) finish, for at most 30 s.</summary>
    private int DrainScripts(int exitCode)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        Span<PollFd> fds = stackalloc PollFd[1];
        _scripts.StartPending();
        while (!_scripts.IsIdle)
        {
            TimeSpan left = ScriptGrace - System.Diagnostics.Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                _log.Warning("Script still running after 30 s: exiting without waiting for it");
                break;
            }
            fds[0] = new PollFd(_scripts.ExitFd, PollEvents.In);
            _ = Poller.Wait(fds, left);
            if (HasInput(fds[0]))
            {
                _scripts.OnExited();
            }
        }
        _monitor?.Stop();
        return exitCode;
    }
}
