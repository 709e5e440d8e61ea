using System.Diagnostics;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Daemon;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Daemon;

/// <summary>
/// --instances without sockets: several <see cref="VipInstance"/>s on the real clock with recording
/// links, driven by hand as the host's loop drives them: one timer for the earliest deadline, frames
/// dispatched by vhid.
/// </summary>
public class DaemonHostTests
{
    private static VipInstance Start(RecordingLink link, string source, byte vhid, params string[] extra)
    {
        UcarpOptions options = CommandLineParser.Parse("ucarp",
            ["-i", "eth0", "-s", source, "-v", vhid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-p", "love", "-a", "198.18.0.100", "-n", .. extra]).Options!;
        var log = new Logger();
        log.AddSink(new RecordingSink());
        var vip = new VipInstance(options, options.ToCarpConfig(new MacAddress(0x0200_0000_0001UL), router: false), link, log, monitor: null);
        vip.Start(running: true);
        return vip;
    }

    [Fact]
    public void EarliestDeadline_SeveralInstances_TheSoonestOfThem()
    {
        // Master-down intervals: 3 × 10/256 s ≈ 117 ms for the first, 3 × 5 s for the second.
        using VipInstance soon = Start(new RecordingLink(), "198.18.0.1", 7, "-b", "0", "-k", "10");
        using VipInstance late = Start(new RecordingLink(), "198.18.0.1", 8, "-b", "5");

        TimeSpan? earliest = DaemonHost.EarliestDeadline([late, soon]);

        Assert.NotNull(earliest);
        Assert.InRange(earliest.Value, soon.TimeUntilDeadline!.Value, TimeSpan.FromMilliseconds(118));
        Assert.True(late.TimeUntilDeadline > TimeSpan.FromSeconds(10));
        Assert.Null(DaemonHost.EarliestDeadline([]));
    }

    [Fact]
    public void Dispatch_AdvertOfOneVhid_ReachesOnlyItsInstance()
    {
        var sent = new RecordingLink();
        using VipInstance master = Start(sent, "198.18.0.1", 8, "-b", "0", "-k", "10");
        var limit = Stopwatch.StartNew();
        while (master.Engine.State != CarpState.Master)
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(5), "no takeover within 5 s");
            Thread.Sleep(master.TimeUntilDeadline ?? TimeSpan.Zero);
            master.OnTimer();
        }
        byte[] advert = sent.Sent.Single(FakeLan.Node.IsAdvert);
        using VipInstance seven = Start(new RecordingLink(), "198.18.0.2", 7);
        using VipInstance eight = Start(new RecordingLink(), "198.18.0.2", 8);
        var dispatch = new FrameDispatch<VipInstance>(ipv6: false);
        dispatch.Add(7, seven);
        dispatch.Add(8, eight);

        dispatch.Route(advert)!.OnFrame(advert, TimeSpan.Zero);

        Assert.Equal((0, 1), (seven.Engine.Statistics.AdvertisementsReceived, eight.Engine.Statistics.AdvertisementsReceived));
        Assert.Equal(IPAddressOf(advert), eight.Engine.HeardMaster?.ToString());
    }

    [Fact]
    public void SteadyMaster_WakeUps_AllocateNothing()
    {
        var link = new CountingLink();
        UcarpOptions options = CommandLineParser.Parse("ucarp",
            ["-i", "eth0", "-s", "198.18.0.1", "-v", "7", "-p", "love", "-a", "198.18.0.100", "-n", "-b", "0", "-k", "1"]).Options!;
        var log = new Logger();
        log.AddSink(new RecordingSink());
        using var vip = new VipInstance(options, options.ToCarpConfig(new MacAddress(0x0200_0000_0001UL), router: false), link, log, monitor: null);
        vip.Start(running: true);
        List<VipInstance> vips = [vip];
        var limit = Stopwatch.StartNew();
        // What the loop does per wake-up, minus the system calls: scripts, the earliest deadline, the timer.
        void WakeUp()
        {
            vip.BeforeSleep();
            Thread.Sleep(DaemonHost.EarliestDeadline(vips) ?? TimeSpan.Zero);
            vip.OnTimer();
        }
        while (link.Sent < 5)   // the takeover and a few adverts: whatever is done once is done
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(5), "no steady master within 5 s");
            WakeUp();
        }

        int until = link.Sent + 20;
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (link.Sent < until && limit.Elapsed < TimeSpan.FromSeconds(10))
        {
            WakeUp();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((CarpState.Master, until), (vip.Engine.State, link.Sent));
        Assert.Equal(0L, allocated);
    }

    /// <summary>A link that only counts, so the allocation test measures the daemon, not the fake.</summary>
    private sealed class CountingLink : ICarpLink
    {
        public int Sent { get; private set; }

        public bool Send(ReadOnlySpan<byte> frame)
        {
            Sent++;
            return true;
        }
    }

    private static string IPAddressOf(byte[] frame) => new System.Net.IPAddress(frame.AsSpan(14 + 12, 4)).ToString();
}
