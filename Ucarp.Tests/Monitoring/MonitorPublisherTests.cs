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

    // Not started: each test runs the writer's passes on its own thread, after Publish, in virtual time.
    private readonly MonitorWriter _writer = new();

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
        var publisher = new MonitorPublisher(Options(StatusPath, MetricsPath), "eth0", _log, lan.Time, _writer);
        Assert.True(publisher.TryStart());
        FakeLan.Node node = lan.Add("198.18.0.1", start: false);
        var history = new TransitionHistory(DateTime.UtcNow);
        publisher.Attach(node.Engine, history, new ScriptCounters());
        node.Engine.Start();
        return (publisher, lan, node, history);
    }

    /// <summary>The loop's Publish, then the writer thread's pass.</summary>
    private void Publish(MonitorPublisher publisher)
    {
        publisher.Publish();
        _ = _writer.WritePending();
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
        var publisher = new MonitorPublisher(Options(StatusPath, MetricsPath), "eth0:carp", _log, TimeProvider.System, _writer);

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
        var publisher = new MonitorPublisher(status ? Options(missing, null) : Options(null, missing), "eth0", _log, TimeProvider.System, _writer);

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

        Publish(publisher);

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
        Publish(publisher);

        publisher.Stop();
        _writer.Dispose();

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

    private string StatusWrittenAt() => Status().GetProperty("written_at").GetString()!;

    private static string Rfc3339(DateTimeOffset time) => Timestamps.Rfc3339Utc(time.UtcDateTime);

    [Fact]
    public void Publish_OnlyCountersMoved_BothFilesRefreshedAfter15SecondsWithWrittenAt()
    {
        var (publisher, lan, node, history) = Running();
        lan.RunFor(TimeSpan.FromSeconds(4));   // master now
        Replay(node, history);
        Publish(publisher);                    // the transition is written at once
        Assert.Null(publisher.TimeUntilRefresh);
        long written = StatusAdvertsSent();
        Assert.Equal(written, MetricsAdvertsSent());
        string writtenAt = StatusWrittenAt();
        Assert.Equal(Rfc3339(lan.Time.GetUtcNow()), writtenAt);

        lan.RunFor(TimeSpan.FromSeconds(2));   // only counters moved
        Assert.Equal(TimeSpan.FromSeconds(13), publisher.TimeUntilRefresh);
        Publish(publisher);
        Assert.Equal((written, written, writtenAt), (StatusAdvertsSent(), MetricsAdvertsSent(), StatusWrittenAt()));

        lan.RunFor(TimeSpan.FromSeconds(13));
        Assert.Equal(TimeSpan.Zero, publisher.TimeUntilRefresh);
        Publish(publisher);
        Assert.True(StatusAdvertsSent() > written);
        Assert.Equal(StatusAdvertsSent(), MetricsAdvertsSent());
        Assert.Equal(Rfc3339(lan.Time.GetUtcNow()), StatusWrittenAt());
        Assert.Null(publisher.TimeUntilRefresh);

        lan.RunFor(TimeSpan.FromSeconds(1));
        publisher.RequestRefresh();                   // SIGUSR1: at once
        Publish(publisher);
        Assert.Equal(Rfc3339(lan.Time.GetUtcNow()), StatusWrittenAt());
    }

    [Fact]
    public void Publish_FileBecomesUnwritable_WarningsAtMostOncePerMinuteAndGoesOn()
    {
        var (publisher, lan, _, _) = Running();
        Directory.Delete(_directory, recursive: true);

        for (int i = 0; i < 7; i++)
        {
            publisher.RequestRefresh();
            Publish(publisher);
            lan.RunFor(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(2, _sink.Lines.Count);   // one per file, not one per attempt
        publisher.Publish();                  // the loop hears of the last failures a minute after the first
        Assert.Equal(4, _sink.Lines.Count);
        Assert.All(_sink.Lines, l => Assert.Equal(LogLevel.Warning, l.Level));
        Assert.EndsWith("(5 more failures)", _sink.Lines[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WritePending_DirectoryBackAfterAFailedTransition_FileCatchesUpWithoutAnotherEvent()
    {
        var (publisher, lan, node, history) = Running();
        lan.RunFor(TimeSpan.FromSeconds(4));
        Replay(node, history);
        Publish(publisher);
        Assert.Equal("MASTER", Status().GetProperty("state").GetString());

        Directory.Delete(_directory, recursive: true);
        node.Engine.StepDown();               // SIGUSR2: MASTER to BACKUP while the file cannot be written
        Replay(node, history);
        Publish(publisher);
        for (int i = 0; i < 5; i++)
        {
            lan.RunFor(TimeSpan.FromSeconds(1));
            _ = _writer.WritePending();       // the retries fail too, backing off
        }
        Directory.CreateDirectory(_directory);
        Assert.False(File.Exists(StatusPath));

        TimeSpan? retry = _writer.WritePending();
        Assert.NotNull(retry);
        Assert.InRange(retry.Value, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(30));
        lan.RunFor(retry.Value);
        Assert.Null(_writer.WritePending());

        Assert.Equal(("BACKUP", "Demoted"), (Status().GetProperty("state").GetString(), Status().GetProperty("reason").GetString()));
        Assert.Contains("state=\"BACKUP\"} 1", File.ReadAllText(MetricsPath), StringComparison.Ordinal);
        publisher.Publish();
        Assert.Contains(_sink.Lines, l => l.Message == $"The status file [{StatusPath}] is written again");
        Assert.Equal(LogLevel.Info, _sink.Lines[^1].Level);
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
