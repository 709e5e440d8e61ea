using System.Diagnostics;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

internal sealed partial class DaemonHost
{
    /// <summary>A flood must not starve timers: after this many frames per socket, run the timers and poll again.</summary>
    private const int FramesPerWake = 64;

    /// <summary>Link monitor, signals, timer: the descriptors after the packet sockets.</summary>
    private const int SharedDescriptors = 3;

    private int Loop()
    {
        // Sockets, then the shared three, then each instance's script and check (only those running).
        var fds = new PollFd[_sockets.Count + SharedDescriptors + (2 * _vips.Count)];
        var children = new (VipInstance Vip, bool Check)[2 * _vips.Count];
        int links = _sockets.Count, signals = links + 1, timer = links + 2;
        var holdOff = new ReceiveHoldOff(ReceiveHoldOff.UnderFlood);
        while (true)
        {
            // Queued scripts start before the loop sleeps: the down script at start-up at once, and a
            // takeover's up script only after the engine has sent its first advertisement.
            bool behind = StartScripts();
            bool held = holdOff.HeldUntil is not null;
            for (int i = 0; i < _sockets.Count; i++)
            {
                // poll skips a negative descriptor: a held socket is read after the wait whatever woke us.
                fds[i] = new PollFd(held ? -1 : _sockets[i].Socket.Fd, PollEvents.In);
            }
            fds[links] = new PollFd(_links.Fd, PollEvents.In);
            fds[signals] = new PollFd(_signals.Fd, PollEvents.In);
            fds[timer] = new PollFd(_timer.Fd, PollEvents.In);
            int count = timer + 1, running = 0;
            foreach (VipInstance vip in _vips)
            {
                if (vip.ScriptExitFd >= 0)
                {
                    children[running++] = (vip, false);
                    fds[count++] = new PollFd(vip.ScriptExitFd, PollEvents.In);
                }
                if (vip.CheckExitFd >= 0)
                {
                    children[running++] = (vip, true);
                    fds[count++] = new PollFd(vip.CheckExitFd, PollEvents.In);
                }
            }
            // Arming also clears an expiry the last poll reported (timerfd_settime resets the count), so a
            // fired timer needs no read of its own: three system calls per advertisement, not four.
            _timer.Arm(behind ? TimeSpan.Zero : Deadlines.Earliest(EarliestDeadline(_vips), holdOff.TimeUntilRelease(Stopwatch.GetTimestamp())));
            _ = Poller.Wait(fds.AsSpan(0, count), timeout: null);

            if (fds[signals].HasInput())
            {
                _signals.Drain();
                HandleSignals();
            }
            // Before any frame or timer: a host told to stop never takes over on its way out.
            if (_signals.TerminateRequested)
            {
                return Leave(ExitCodes.Success, Terminating);
            }
            if (fds[links].HasInput() && HandleLinkEvents() is int exitCode)
            {
                return exitCode;
            }
            // Held sockets are read on every wake-up, so a deadline never passes over a queued frame.
            int frames = 0;
            bool read = held;
            for (int i = 0; i < _sockets.Count; i++)
            {
                if (held || fds[i].HasInput())
                {
                    frames += ReceiveFrames(_sockets[i]);
                    read = true;
                }
            }
            if (read)
            {
                holdOff.Received(frames, Stopwatch.GetTimestamp());
            }
            for (int i = 0; i < running; i++)
            {
                if (fds[timer + 1 + i].HasInput())
                {
                    (VipInstance vip, bool check) = children[i];
                    if (check)
                    {
                        vip.OnCheckExited();
                    }
                    else
                    {
                        vip.OnScriptExited();
                    }
                }
            }
            foreach (VipInstance vip in _vips)
            {
                vip.OnTimer();
            }
        }
    }

    /// <summary>
    /// Each instance's <see cref="VipInstance.BeforeSleep"/>. Starting a script takes milliseconds (the
    /// loop waits until the child has exec'd), so when many instances start scripts together, a
    /// deadline that falls due meanwhile goes first: true when the rest must wait for the next turn.
    /// A lone instance always starts its scripts, as ucarp does.
    /// </summary>
    private bool StartScripts()
    {
        long dueAt = Several && EarliestDeadline(_vips) is TimeSpan due ? Stopwatch.GetTimestamp() + StopwatchTicks.From(due) : long.MaxValue;
        foreach (VipInstance vip in _vips)
        {
            vip.BeforeSleep();
            if (Stopwatch.GetTimestamp() >= dueAt)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>One timer for all: the earliest of the instances' deadlines, null when none has one.</summary>
    internal static TimeSpan? EarliestDeadline(List<VipInstance> vips)
    {
        // The list itself, not an interface: foreach over IReadOnlyList boxes its enumerator, an
        // allocation on every wake-up.
        TimeSpan? earliest = null;
        foreach (VipInstance vip in vips)
        {
            earliest = Deadlines.Earliest(earliest, vip.TimeUntilDeadline);
        }
        return earliest;
    }

    /// <summary>Up to <see cref="FramesPerWake"/> queued frames to their instances; returns how many.</summary>
    private int ReceiveFrames(InterfaceSocket socket)
    {
        int total = 0;
        for (int batch = 0; batch < FramesPerWake / _frames.Capacity; batch++)
        {
            int count = socket.Socket.Receive(_frames);
            DateTime now = DateTime.UtcNow;   // once per batch, for each frame's time in the queue
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> frame = _frames.Frame(i);
                socket.Dispatch.Route(frame)?.OnFrame(frame, _frames.QueuedFor(i, now));
            }
            total += count;
            if (count < _frames.Capacity)
            {
                break;
            }
        }
        return total;
    }

    private void HandleSignals()
    {
        if (_signals.TakeStatusRequest())
        {
            foreach (VipInstance vip in _vips)
            {
                vip.ReportStatus();
            }
        }
        if (_signals.TakeDemoteRequest())
        {
            foreach (VipInstance vip in _vips)
            {
                vip.StepDown();
            }
        }
    }

    /// <summary>
    /// TERM, INT, QUIT, HUP (registered only with --shutdown): instances with -z bow out and run their
    /// down script; the others end with the process, as their own process would without -z.
    /// </summary>
    private bool? Terminating(VipInstance vip)
    {
        if (!vip.Options.Shutdown)
        {
            return null;
        }
        vip.Log.Debug($"Terminating: calling [{vip.Options.DownScript}] if MASTER and exiting");
        return true;
    }

    /// <summary>Carrier changes go to the instances on that interface; a removed interface ends the daemon.</summary>
    private int? HandleLinkEvents()
    {
        while (_links.TryRead(out LinkEvent e))
        {
            foreach (InterfaceSocket socket in _sockets)
            {
                LinkEvent own = e;
                if (e.LostEvents)
                {
                    // The kernel dropped events: ask for the state instead. The device may be gone by now,
                    // or even back under the same name with another index: removed either way.
                    int index = socket.Device.Index;
                    own = NetDevice.TryQuery(socket.Device.Name, out NetDevice? device) && device.Index == index
                        ? new LinkEvent(index, device.IsUp, device.IsRunning, Removed: false)
                        : new LinkEvent(index, IsUp: false, IsRunning: false, Removed: true);
                }
                if (own.Index != socket.Device.Index)
                {
                    continue;
                }
                if (own.Removed)
                {
                    // Every instance leaves: those on the removed interface as a master leaving (down
                    // script), the others as on an error.
                    int removed = own.Index;
                    _log.Error($"Interface [{InterfaceName(socket)}] was removed: exiting");
                    return Leave(ExitCodes.SetupFailed,
                        vip => _socketOf[vip].Device.Index == removed ? false : vip.Options.Shutdown ? true : null);
                }
                foreach (VipInstance vip in _vips)
                {
                    if (_socketOf[vip] == socket)
                    {
                        vip.OnLinkChanged(own.IsRunning);
                    }
                }
            }
        }
        return null;
    }

    /// <summary>The interface as the first of its instances typed it ("eth0:carp0" stays as typed, as in ucarp's messages).</summary>
    private string InterfaceName(InterfaceSocket socket)
    {
        foreach (VipInstance vip in _vips)
        {
            if (_socketOf[vip] == socket)
            {
                return vip.Options.TypedInterface;
            }
        }
        throw new InvalidOperationException("A socket that no instance uses.");
    }

    /// <summary>
    /// Every instance that leaves (bowOut not null: see <see cref="VipInstance.Leave"/>) starts leaving,
    /// then their scripts run side by side, each within its timeout, until all are done; nothing else
    /// happens meanwhile.
    /// </summary>
    private int Leave(int exitCode, Func<VipInstance, bool?> bowOut)
    {
        var leaving = new List<VipInstance>();
        foreach (VipInstance vip in _vips)
        {
            if (bowOut(vip) is bool bow)
            {
                vip.Leave(bow);
                leaving.Add(vip);
            }
        }
        var fds = new PollFd[leaving.Count];
        while (leaving.Exists(v => !v.ScriptsIdle))
        {
            TimeSpan? wait = null;
            for (int i = 0; i < leaving.Count; i++)
            {
                fds[i] = new PollFd(leaving[i].ScriptExitFd, PollEvents.In);
                if (leaving[i].ScriptDeadline is TimeSpan due && (wait is null || due < wait))
                {
                    wait = due;
                }
            }
            _ = Poller.Wait(fds, wait);
            for (int i = 0; i < leaving.Count; i++)
            {
                if (fds[i].HasInput())
                {
                    leaving[i].OnScriptExited();
                }
                leaving[i].OnScriptDeadline();
            }
        }
        return exitCode;
    }
}
