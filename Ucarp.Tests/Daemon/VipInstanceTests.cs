using System.Diagnostics;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Daemon;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Daemon;

/// <summary>
/// The instance's wiring, on the real clock with a recording link and no sockets: a lone host takes
/// over after its master-down interval (3 × 10/256 s with -b 0 -k 10), and the loop's calls are made
/// by hand, so nothing else happens in between.
/// </summary>
public class VipInstanceTests
{
    private static UcarpOptions Options(params string[] upScript) =>
        CommandLineParser.Parse("ucarp", ["-i", "eth0", "-s", "198.18.0.1", "-v", "7", "-p", "love", "-a", "198.18.0.100", "-b", "0", "-k", "10", .. upScript]).Options!;

    private static (VipInstance Vip, RecordingLink Link, RecordingSink Log) Start(UcarpOptions options)
    {
        var link = new RecordingLink();
        var sink = new RecordingSink();
        var log = new Logger();
        log.AddSink(sink);
        var vip = new VipInstance(options, options.ToCarpConfig(new MacAddress(0x0200_0000_0001UL), router: false), link, log, monitor: null);
        vip.Start(running: true);
        return (vip, link, sink);
    }

    /// <summary>Runs the instance's timers as the loop would, until it is master (at most 5 s).</summary>
    private static void RunUntilMaster(VipInstance vip)
    {
        var limit = Stopwatch.StartNew();
        while (vip.Engine.State != CarpState.Master)
        {
            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(5), "no takeover within 5 s");
            Thread.Sleep(vip.TimeUntilDeadline ?? TimeSpan.Zero);
            vip.OnTimer();
        }
    }

    [Fact]
    public void Takeover_NoUpScript_ArpThenAdvertAtOnce()
    {
        (VipInstance vip, RecordingLink link, _) = Start(Options());
        using (vip)
        {
            RunUntilMaster(vip);
            Assert.Equal("ARP CARP", link.Kinds);
            vip.BeforeSleep();
            Assert.Equal("ARP CARP", link.Kinds);
        }
    }

    [Fact]
    public void Takeover_UpScript_AdvertFirstThenArpWhenTheScriptHasEnded()
    {
        // A script that cannot start ends at once: the loop's next BeforeSleep starts and "ends" it.
        (VipInstance vip, RecordingLink link, RecordingSink log) = Start(Options("-u", "/nonexistent/ucarp-up"));
        using (vip)
        {
            RunUntilMaster(vip);
            Assert.Equal("CARP", link.Kinds);
            vip.BeforeSleep();
            Assert.Equal("CARP ARP", link.Kinds);
            Assert.Contains(log.Lines, l => l.Message.StartsWith("Unable to exec /nonexistent/ucarp-up", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Takeover_AdvertLeavesBeforeTheMasterLineAndTheUpScript()
    {
        var sink = new RecordingSink();
        var log = new Logger();
        log.AddSink(sink);
        var link = new LinesAtSendLink(sink);
        UcarpOptions options = Options("-u", "/nonexistent/ucarp-up");
        using var vip = new VipInstance(options, options.ToCarpConfig(new MacAddress(0x0200_0000_0001UL), router: false), link, log, monitor: null);
        link.ScriptsIdle = () => vip.ScriptsIdle;
        vip.Start(running: true);
        RunUntilMaster(vip);
        Assert.Equal(["Switching to state: BACKUP"], link.LinesAtFirstSend);
        Assert.True(link.ScriptsIdleAtFirstSend);
        Assert.Equal("Switching to state: MASTER", sink.Lines[^1].Message);
        Assert.False(vip.ScriptsIdle);   // the up script, queued once the engine call returned
    }

    /// <summary>Remembers which lines were logged, and whether a script was queued, when the first frame left.</summary>
    private sealed class LinesAtSendLink(RecordingSink sink) : ICarpLink
    {
        public Func<bool>? ScriptsIdle { get; set; }

        public List<string>? LinesAtFirstSend { get; private set; }

        public bool? ScriptsIdleAtFirstSend { get; private set; }

        public bool Send(ReadOnlySpan<byte> frame)
        {
            LinesAtFirstSend ??= [.. sink.Lines.Select(l => l.Message).Where(m => m.StartsWith("Switching", StringComparison.Ordinal))];
            ScriptsIdleAtFirstSend ??= ScriptsIdle?.Invoke();
            return true;
        }
    }

    [Fact]
    public void Transition_LoggedAsUcarpDoes()
    {
        (VipInstance vip, _, RecordingSink log) = Start(Options());
        using (vip)
        {
            RunUntilMaster(vip);
            Assert.Equal(["Switching to state: BACKUP", "Switching to state: MASTER"],
                log.Lines.Where(l => l.Message.StartsWith("Switching", StringComparison.Ordinal)).Select(l => l.Message));
        }
    }
}
