using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Daemon;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Observe;

/// <summary>
/// --observe: a receive-only packet socket on the interface, every IPv4 and IPv6 protocol-112 frame to a <see cref="SegmentObserver"/>,
/// until SIGINT/SIGTERM or the given time; then the summary. Sends nothing and runs no scripts.
/// </summary>
internal static class ObserveHost
{
    // Silence is noticed within this; it is also the longest the loop sleeps.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns 0 when no alarm was raised, 3 when one was, 2 when the set-up failed.</summary>
    public static int Run(UcarpOptions options, string typedInterface, Logger log)
    {
        string device = NetDevice.DeviceName(typedInterface);
        NetDevice info;
        try
        {
            info = NetDevice.Query(device);
        }
        catch (Win32Exception e)
        {
            log.Error($"Unable to find interface [{typedInterface}]: {e.Message} (ip -br link lists them)");
            return ExitCodes.SetupFailed;
        }

        using var frames = new FrameBatch(capacity: 32, frameSize: 2048);
        CarpPacketSocket socket;
        try
        {
            socket = CarpPacketSocket.OpenObserver(info.Index);
        }
        catch (Exception e) when (OpenError.Is(e))
        {
            log.Error(OpenError.Describe(typedInterface, e));
            return ExitCodes.SetupFailed;
        }
        using (socket)
        using (var signals = new SignalInbox(terminateGracefully: true))
        {
            IObserveOutput output = options.LogFormat == LogFormat.Json
                ? new JsonObserveOutput(TimeProvider.System)
                : new TextObserveOutput(TimeProvider.System, TextObserveOutput.ToStdout);
            var observer = new SegmentObserver(new ObserverConfig
            {
                Vhid = options.Vhid,
                Discovery = Discovery(options, device, log),
            }, TimeProvider.System, output);
            output.Started(typedInterface, options.Vhid, options.ObserveFor);
            Watch(observer, socket, frames, signals, output, options.ObserveFor);
            output.WriteSummary(observer);
            return observer.AlarmsRaised > 0 ? ExitCodes.AlarmsRaised : ExitCodes.Success;
        }
    }

    // Candidates for the digest's VIP: -a of its family, else the interface's IPv4 subnets and, for IPv6
    // sources, the start of each source's /64 (VipDiscovery).
    private static VipDiscovery? Discovery(UcarpOptions options, string device, Logger log)
    {
        if (options.Password.IsEmpty)
        {
            return null;
        }
        IPAddress vip = options.VirtualAddress;
        bool ipv6 = vip.AddressFamily == AddressFamily.InterNetworkV6 && !vip.Equals(IPAddress.IPv6Any);
        uint ipv4 = ipv6 ? 0 : Ipv4.ToUInt32(vip);
        var candidates = new List<Ipv4Subnet>();
        if (ipv4 != 0)
        {
            candidates.Add(new Ipv4Subnet(ipv4, 32));
        }
        else
        {
            foreach ((uint address, int prefixLength) in InterfaceDiscovery.Ipv4Subnets(device))
            {
                Ipv4Subnet subnet = Ipv4Subnet.Around(address, prefixLength);
                if (!candidates.Contains(subnet))
                {
                    candidates.Add(subnet);
                }
            }
        }
        if (candidates.Count == 0)
        {
            log.Warning($"[{device}] has no IPv4 address: give the virtual address with -a to check IPv4 digests");
        }
        return new VipDiscovery(CarpDigest.Key(options.Password.Span), candidates, TimeProvider.System,
            ipv6 ? CarpAddress.FromIPAddress(vip) : null);
    }

    private static void Watch(SegmentObserver observer, CarpPacketSocket socket, FrameBatch frames,
        SignalInbox signals, IObserveOutput output, TimeSpan? duration)
    {
        long start = Stopwatch.GetTimestamp();
        long lastTick = start;
        Span<PollFd> fds = stackalloc PollFd[2];
        var holdOff = new ReceiveHoldOff(ReceiveHoldOff.UnderFlood);
        while (!signals.TerminateRequested)
        {
            TimeSpan timeout = Tick;
            if (duration is { } limit)
            {
                TimeSpan left = limit - Stopwatch.GetElapsedTime(start);
                if (left <= TimeSpan.Zero)
                {
                    return;
                }
                timeout = left < Tick ? left : Tick;
            }
            // As the daemon's loop: under a flood the socket sits out of the poll and is read on every wake-up.
            bool held = holdOff.HeldUntil is not null;
            if (holdOff.TimeUntilRelease(Stopwatch.GetTimestamp()) is { } release && release < timeout)
            {
                timeout = release;
            }
            fds[0] = new PollFd(held ? -1 : socket.Fd, PollEvents.In);
            fds[1] = new PollFd(signals.Fd, PollEvents.In);
            _ = Poller.Wait(fds, timeout);
            if ((fds[1].ReturnedEvents & PollEvents.In) != 0)
            {
                signals.Drain();
                if (signals.TakeStatusRequest())
                {
                    output.WriteSummary(observer);
                }
                _ = signals.TakeDemoteRequest();
            }
            if (held || (fds[0].ReturnedEvents & (PollEvents.In | PollEvents.Error)) != 0)
            {
                holdOff.Received(Receive(observer, socket, frames), Stopwatch.GetTimestamp());
            }
            // Silence checks walk every advertiser: a few times a second is enough, not once per wake of a flood.
            if (Stopwatch.GetElapsedTime(lastTick) >= Tick)
            {
                lastTick = Stopwatch.GetTimestamp();
                observer.OnTimer();
            }
        }
    }

    // Drains what is queued, a batch per system call; a flood yields to OnTimer every few batches. Returns how many.
    private static int Receive(SegmentObserver observer, CarpPacketSocket socket, FrameBatch frames)
    {
        int total = 0;
        for (int batch = 0; batch < 8; batch++)
        {
            int count = socket.Receive(frames);
            for (int i = 0; i < count; i++)
            {
                observer.OnFrame(frames.Frame(i));
            }
            total += count;
            if (count < frames.Capacity)
            {
                break;
            }
        }
        return total;
    }
}
