using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Daemon;

internal sealed partial class DaemonHost
{
    /// <summary>A flood must not starve timers: after this many frames, run the timers and poll again.</summary>
    private const int FramesPerWake = 64;

    private int Loop()
    {
        Span<PollFd> fds = stackalloc PollFd[6];
        while (true)
        {
            // Queued scripts start before the loop sleeps: the down script at start-up at once, and a
            // takeover's up script only after the engine has sent its first advertisement.
            _vip.BeforeSleep();
            fds[0] = new PollFd(_socket.Fd, PollEvents.In);
            fds[1] = new PollFd(_links.Fd, PollEvents.In);
            fds[2] = new PollFd(_signals.Fd, PollEvents.In);
            fds[3] = new PollFd(_vip.ScriptExitFd, PollEvents.In);
            fds[4] = new PollFd(_timer.Fd, PollEvents.In);
            fds[5] = new PollFd(_vip.CheckExitFd, PollEvents.In);
            // Arming also clears an expiry the last poll reported (timerfd_settime resets the count), so a
            // fired timer needs no read of its own: three system calls per advertisement, not four.
            _timer.Arm(_vip.TimeUntilDeadline);
            _ = Poller.Wait(fds, timeout: null);

            if (fds[2].HasInput())
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
            if (fds[1].HasInput() && HandleLinkEvents() is int exitCode)
            {
                return exitCode;
            }
            if (fds[0].HasInput())
            {
                ReceiveFrames();
            }
            if (fds[3].HasInput())
            {
                _vip.OnScriptExited();
            }
            if (fds[5].HasInput())
            {
                _vip.OnCheckExited();
            }
            _vip.OnTimer();
        }
    }

    private void ReceiveFrames()
    {
        for (int batch = 0; batch < FramesPerWake / _frames.Capacity; batch++)
        {
            int count = _socket.Receive(_frames);
            for (int i = 0; i < count; i++)
            {
                _vip.OnFrame(_frames.Frame(i));
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
            _vip.ReportStatus();
        }
        if (_signals.TakeDemoteRequest())
        {
            _vip.StepDown();
        }
    }

    /// <summary>Carrier changes go to the instance; a removed interface ends the daemon.</summary>
    private int? HandleLinkEvents()
    {
        while (_links.TryRead(out LinkEvent e))
        {
            if (e.LostEvents)
            {
                // The kernel dropped events: ask for the state instead. The device may be gone by now,
                // or even back under the same name with another index: removed either way.
                e = NetDevice.TryQuery(NetDevice.DeviceName(TypedInterface), out NetDevice? device) && device.Index == _ifIndex
                    ? new LinkEvent(_ifIndex, device.IsUp, device.IsRunning, Removed: false)
                    : new LinkEvent(_ifIndex, IsUp: false, IsRunning: false, Removed: true);
            }
            if (e.Index != _ifIndex)
            {
                continue;
            }
            if (e.Removed)
            {
                _log.Error($"Interface [{TypedInterface}] was removed: exiting");
                return Leave(ExitCodes.SetupFailed, bowOut: false);
            }
            _vip.OnLinkChanged(e.IsRunning);
        }
        return null;
    }

    /// <summary>Exits as a master leaving (see <see cref="VipInstance.Leave"/>).</summary>
    private int Leave(int exitCode, bool bowOut)
    {
        _vip.Leave(bowOut);
        return exitCode;
    }
}
