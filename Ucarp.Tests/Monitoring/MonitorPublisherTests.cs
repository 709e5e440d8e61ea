using System.Net;
using System.Text.Json;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;
using Ucarp.Cli.Monitoring;
using Ucarp.Protocol.Engine;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Monitoring;

public sealed class MonitorPublisherTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ucarp-monitor-").FullName;
    private readonly RecordingSink _sink = new();
    private readonly Logger _log = new();

    public MonitorPublisherTests() => _log.AddSink(_sink);

    private string StatusPath => Path.Combine(_directory, "status.json");

    private string MetricsPath => Path.Combine(_directory, "ucarp.prom");

    private static UcarpOptions Options(string? status, string? metrics) => new()
    {
        SourceAddress = IPAddress.Parse("198.18.0.1"),
        Vhid = 7,
        Password = "love"u8.ToArray(),
        VirtualAddress = IPAddress.Parse("198.18.0.100"),
        VirtualAddressText = "198.18.0.100",
        AdvSkew = 5,
        StatusFile = status,
        MetricsFile = metrics,
    };

    private JsonElement Status() => JsonDocument.Parse(File.ReadAllText(StatusPath)).RootElement;

    /// <summary>A publisher fed by a lone engine on a fake LAN, as DaemonHost wires it.</summary>
    private (MonitorPublisher Publisher, FakeLan Lan, FakeLan.Node Node, TransitionHistory History) Running()
    {
        var lan = new FakeLan();
        var publisher = new MonitorPublisher(Options(StatusPath, MetricsPath), "eth0", _log, lan.Time);
        Assert.True(publisher.TryStart());
        FakeLan.Node node = lan.Add("198.18.0.1", start: false);
        var history = new TransitionHistory(DateTime.UtcNow);
        publisher.Attach(node.Engine, history, new ScriptCounters());
        node.Engine.Start();
        return (publisher, lan, node, history);
    }

    private static void Replay(FakeLan.Node node, TransitionHistory history)
    {
        foreach (StateChange change in node.Events.Changes.Skip((int)history.Count))
        {
            history.Record(change, DateTime.UtcNow);
        }
    }

    [Fact]
    public void TryStart_WritesInitBeforeAnythingRuns()
    {
        var publisher = new MonitorPublisher(Options(StatusPath, MetricsPath), "eth0:carp", _log, TimeProvider.System);

        Assert.True(publisher.TryStart());

        JsonElement status = Status();
        Assert.Equal("INIT", status.GetProperty("state").GetString());
        Assert.Equal("eth0:carp", status.GetProperty("interface").GetString());
        Assert.Equal(Environment.ProcessId, status.GetProperty("pid").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("previous_state").ValueKind);
        Assert.Contains("ucarp_state{vhid=\"7\",interface=\"eth0:carp\",vip=\"198.18.0.100\",state=\"INIT\"} 1", File.ReadAllText(MetricsPath), StringComparison.Ordinal);
        Assert.Empty(_sink.Lines);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TryStart_DirectoryMissing_FalseWithOneErrorNamingTheFile(bool status)
    {
        string missing = Path.Combine(_directory, "no-such-dir", "f");
        var publisher = new MonitorPublisher(status ? Options(missing, null) : Options(null, missing), "eth0", _log, TimeProvider.System);

        Assert.False(publisher.TryStart());

        var line = Assert.Single(_sink.Lines);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.StartsWith($"Unable to write {(status ? "status" : "metrics")} file [{missing}]: ", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_AfterTakeover_StatusSaysMasterWithPreviousStateReasonAndOwnSource()
    {
        var (publisher, lan, node, history) = Running();
        lan.RunFor(TimeSpan.FromSeconds(4));
        Replay(node, history);

        publisher.Publish();

        JsonElement status = Status();
        Assert.Equal("MASTER", status.GetProperty("state").GetString());
        Assert.Equal("BACKUP", status.GetProperty("previous_state").GetString());
        Assert.Equal("MasterDown", status.GetProperty("reason").GetString());
        Assert.Equal("198.18.0.1", status.GetProperty("master").GetString());
        Assert.Equal(2, status.GetProperty("counters").GetProperty("transitions").GetInt64());
        Assert.True(status.GetProperty("counters").GetProperty("advertisements_sent").GetInt64() >= 1);
    }

    [Fact]
    public void Stop_CleanExit_BothFilesSayStopped()
    {
        var (publisher, lan, node, history) = Running();
        lan.RunFor(TimeSpan.FromSeconds(4));
        node.Engine.Leave(bowOut: true);
        Replay(node, history);
        publisher.Publish();

        publisher.Stop();

        JsonElement status = Status();
        Assert.Equal("STOPPED", status.GetProperty("state").GetString());
        Assert.Equal("BACKUP", status.GetProperty("previous_state").GetString());
        Assert.Equal("Shutdown", status.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("master").ValueKind);
        string metrics = File.ReadAllText(MetricsPath);
        Assert.Contains("state=\"STOPPED\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("state=\"MASTER\"} 0", metrics, StringComparison.Ordinal);
    }

    private long MetricsAdvertsSent() =>
        long.Parse(File.ReadAllLines(MetricsPath).Single(l => l.StartsWith("ucarp_advertisements_sent_total{", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);

    private long StatusAdvertsSent() => Status().GetProperty("counters").GetProperty("advertisements_sent").GetInt64();

    [Fact]
    public void Publish_OnlyCountersMoved_MetricsRefreshedAfter15SecondsStatusOnSigusr1()
    {
        var (publisher, lan, node, history) = Running();
        lan.RunFor(TimeSpan.FromSeconds(4));   // master now
        Replay(node, history);
        publisher.Publish();                   // the transition is written at once
        Assert.Null(publisher.TimeUntilRefresh);
        long written = StatusAdvertsSent();
        Assert.Equal(written, MetricsAdvertsSent());

        lan.RunFor(TimeSpan.FromSeconds(2));   // only counters moved
        Assert.Equal(TimeSpan.FromSeconds(13), publisher.TimeUntilRefresh);
        publisher.Publish();
        Assert.Equal(written, MetricsAdvertsSent());

        lan.RunFor(TimeSpan.FromSeconds(13));
        Assert.Equal(TimeSpan.Zero, publisher.TimeUntilRefresh);
        publisher.Publish();
        Assert.True(MetricsAdvertsSent() > written);
        Assert.Equal(written, StatusAdvertsSent());   // the status file changes on events, not on counters
        Assert.Null(publisher.TimeUntilRefresh);

        publisher.RequestRefresh();                   // SIGUSR1
        publisher.Publish();
        Assert.Equal(MetricsAdvertsSent(), StatusAdvertsSent());
    }

    [Fact]
    public void Publish_FileBecomesUnwritable_WarningsAtMostOncePerMinuteAndGoesOn()
    {
        var (publisher, lan, _, _) = Running();
        Directory.Delete(_directory, recursive: true);

        for (int i = 0; i < 5; i++)
        {
            publisher.RequestRefresh();
            publisher.Publish();
            lan.RunFor(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(2, _sink.Lines.Count);   // one per file, not one per attempt
        lan.RunFor(TimeSpan.FromSeconds(10));
        publisher.RequestRefresh();
        publisher.Publish();
        Assert.Equal(4, _sink.Lines.Count);   // a minute later: again, with the count held back
        Assert.All(_sink.Lines, l => Assert.Equal(LogLevel.Warning, l.Level));
        Assert.EndsWith("(4 more failures)", _sink.Lines[^1].Message, StringComparison.Ordinal);

        Directory.CreateDirectory(_directory);
        publisher.RequestRefresh();
        publisher.Publish();
        Assert.Equal("MASTER", Status().GetProperty("state").GetString());
        Assert.Contains(_sink.Lines, l => l.Message == $"The status file [{StatusPath}] is written again");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
