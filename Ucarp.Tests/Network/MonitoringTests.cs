using System.Globalization;
using System.Text.Json;
using Ucarp.Tests.Monitoring;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class MonitoringTests
{
    private const int SIGUSR1 = 10;
    private const int SIGTERM = 15;
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    private static string StatusFile(UcarpCluster cluster, int host) => Path.Combine(cluster.WorkDirectory, $"status-{host}.json");

    private static string MetricsFile(UcarpCluster cluster, int host) => Path.Combine(cluster.WorkDirectory, $"ucarp-{host}.prom");

    private static string[] Files(UcarpCluster cluster, int host) =>
        ["-z", "--status-file=" + StatusFile(cluster, host), "--metrics-file=" + MetricsFile(cluster, host)];

    private static JsonElement Status(UcarpCluster cluster, int host) =>
        JsonDocument.Parse(File.ReadAllBytes(StatusFile(cluster, host))).RootElement;

    private static string? State(UcarpCluster cluster, int host) =>
        File.Exists(StatusFile(cluster, host)) ? Status(cluster, host).GetProperty("state").GetString() : null;

    [Fact]
    public void LinkCutTakeover_StatusAndMetricsFollow_ReaderNeverSeesAPartialFile()
    {
        PrometheusParser.SkipUnlessInstalled();
        using UcarpCluster cluster = UcarpCluster.Create(2);
        string stamp = Path.Combine(cluster.WorkDirectory, "up-at");
        cluster.WriteScript("stamp-up", $"date +%s.%N > {stamp}; ip addr add \"$2\"/24 dev eth0");
        using var poller = new StatusFilePoller(StatusFile(cluster, 1));
        using TestProcess a = cluster.StartMaster(Files(cluster, 0));
        using TestProcess b = cluster.StartBackup([.. Files(cluster, 1), "-u", Path.Combine(cluster.WorkDirectory, "stamp-up")]);

        // Election: the backup hears the master and says so.
        Assert.True(UcarpCluster.WaitUntil(() => Status(cluster, 1).GetProperty("master").GetString() == cluster.Hosts[0].Address.ToString(), Election));
        JsonElement backup = Status(cluster, 1);
        Assert.Equal(("BACKUP", "INIT", "Startup"),
            (backup.GetProperty("state").GetString(), backup.GetProperty("previous_state").GetString(), backup.GetProperty("reason").GetString()));
        Assert.Equal(("MASTER", cluster.Hosts[0].Address.ToString()),
            (Status(cluster, 0).GetProperty("state").GetString(), Status(cluster, 0).GetProperty("master").GetString()));

        cluster.Network.SetCarrier(cluster.Hosts[0], up: false);

        Assert.True(cluster.WaitForSingleMaster(1, Election));
        Assert.True(UcarpCluster.WaitUntil(() => File.Exists(stamp) && File.ReadAllText(stamp).Length > 0, TimeSpan.FromSeconds(2)));
        DateTime upScriptAt = DateTime.UnixEpoch.AddTicks((long)(double.Parse(File.ReadAllText(stamp), CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));
        Assert.True(UcarpCluster.WaitUntil(() => poller.FirstSeen("MASTER") is not null, TimeSpan.FromSeconds(1)));
        Assert.InRange(poller.FirstSeen("MASTER")!.Value - upScriptAt, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));
        JsonElement taken = Status(cluster, 1);
        Assert.Equal(("MASTER", "BACKUP", "MasterDown", cluster.Hosts[1].Address.ToString()),
            (taken.GetProperty("state").GetString(), taken.GetProperty("previous_state").GetString(),
             taken.GetProperty("reason").GetString(), taken.GetProperty("master").GetString()));
        DateTime since = DateTime.Parse(taken.GetProperty("since").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange(since - upScriptAt, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));
        Assert.True(UcarpCluster.WaitUntil(() => State(cluster, 0) == "BACKUP", TimeSpan.FromSeconds(2)));
        JsonElement cut = Status(cluster, 0);
        Assert.Equal("LinkDown", cut.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, cut.GetProperty("master").ValueKind);

        // SIGUSR1 rewrites with fresh counters; the metrics say what the status file says.
        long sent = taken.GetProperty("counters").GetProperty("advertisements_sent").GetInt64();
        Thread.Sleep(1500);   // let the new master send more adverts than the file shows
        b.Signal(SIGUSR1);
        Assert.True(UcarpCluster.WaitUntil(() => Status(cluster, 1).GetProperty("counters").GetProperty("advertisements_sent").GetInt64() > sent, TimeSpan.FromSeconds(2)));
        Assert.True(UcarpCluster.WaitUntil(() => MetricsAgreeWithStatus(cluster, 1), TimeSpan.FromSeconds(5)));

        // A clean exit leaves STOPPED behind.
        b.Signal(SIGTERM);
        Assert.True(b.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, b.ExitCode);
        JsonElement stopped = Status(cluster, 1);
        Assert.Equal(("STOPPED", "BACKUP", "Shutdown"),
            (stopped.GetProperty("state").GetString(), stopped.GetProperty("previous_state").GetString(), stopped.GetProperty("reason").GetString()));
        Assert.Contains(PrometheusParser.Parse(File.ReadAllText(MetricsFile(cluster, 1))),
            s => s.Name == "ucarp_state" && s.Labels["state"] == "STOPPED" && s.Value == 1);

        Assert.True(poller.Reads > 100, $"only {poller.Reads} reads");
        Assert.Empty(poller.Invalid);
        Assert.Empty(Directory.GetFiles(cluster.WorkDirectory, ".*.tmp"));
    }

    private static bool MetricsAgreeWithStatus(UcarpCluster cluster, int host)
    {
        JsonElement status = Status(cluster, host);
        IReadOnlyList<PrometheusParser.Sample> samples = PrometheusParser.Parse(File.ReadAllText(MetricsFile(cluster, host)));
        Assert.All(samples, s => Assert.Equal(
            ("7", "eth0", cluster.Vip),
            (s.Labels["vhid"], s.Labels["interface"], s.Labels["vip"])));
        double Value(string name, string? label = null, string? value = null) =>
            samples.Single(s => s.Name == name && (label is null || s.Labels[label] == value)).Value;
        JsonElement counters = status.GetProperty("counters");
        return Value("ucarp_state", "state", status.GetProperty("state").GetString()) == 1
            && samples.Count(s => s.Name == "ucarp_state" && s.Value == 1) == 1
            && Value("ucarp_advertisements_sent_total") == counters.GetProperty("advertisements_sent").GetInt64()
            && Value("ucarp_advertisements_received_total") == counters.GetProperty("advertisements_received").GetInt64()
            && Value("ucarp_packets_dropped_total", "reason", "bad_digest") == counters.GetProperty("dropped").GetProperty("bad_digest").GetInt64()
            && Value("ucarp_transitions_total", "to", "MASTER") + Value("ucarp_transitions_total", "to", "BACKUP") == counters.GetProperty("transitions").GetInt64()
            && Value("ucarp_script_runs_total", "script", "up") == counters.GetProperty("script_runs").GetProperty("up").GetInt64()
            && Value("ucarp_script_failures_total", "script", "down") == counters.GetProperty("script_failures").GetProperty("down").GetInt64()
            && Value("ucarp_advskew") == status.GetProperty("effective_advskew").GetInt32()
            && Math.Abs(Value("ucarp_last_transition_timestamp_seconds")
                - (DateTime.Parse(status.GetProperty("since").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) - DateTime.UnixEpoch).TotalSeconds) < 1e-5;
    }

    [Fact]
    public void StatusFileUnwritable_Exit2AndNothingStarted()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string missing = Path.Combine(cluster.WorkDirectory, "no-such-dir", "status.json");
        using TestProcess a = cluster.StartOurs(0, "--status-file=" + missing);

        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, a.ExitCode);
        Assert.Contains(a.Lines, l => l.Contains($"[ERROR] Unable to write status file [{missing}]: ", StringComparison.Ordinal));
        Assert.DoesNotContain(a.Lines, l => l.Contains("Spawning", StringComparison.Ordinal) || l.Contains("Switching", StringComparison.Ordinal));
        Assert.Empty(cluster.ScriptCalls());
    }

    [Fact]
    public void JsonLogs_EveryLineParses_TransitionScriptAndDropEvents()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        using TestProcess a = cluster.StartMaster("--log-format=json");
        // A peer with another password: every advert it sends is a bad digest for the master.
        using TestProcess intruder = cluster.Network.StartProcess(cluster.Hosts[1].Namespace, UcarpCluster.OursBinary,
            "-i", "eth0", "-s", cluster.Hosts[1].Address.ToString(), "-v", "7", "-p", "other", "-a", cluster.Vip, "-f", "none");
        Assert.NotNull(a.WaitForLine("\"event\":\"drop\"", Election));

        var lines = a.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(lines, l => Assert.Equal(["time", "level", "message"], l.EnumerateObject().Select(p => p.Name).Take(3)));
        JsonElement master = lines.Single(l => l.GetProperty("message").GetString() == "Switching to state: MASTER");
        Assert.Equal(("warning", "transition", "BACKUP", "MASTER", "MasterDown"),
            (master.GetProperty("level").GetString(), master.GetProperty("event").GetString(), master.GetProperty("from").GetString(),
             master.GetProperty("to").GetString(), master.GetProperty("reason").GetString()));
        JsonElement up = lines.First(l => l.TryGetProperty("event", out JsonElement e) && e.GetString() == "script" && l.GetProperty("script").GetString() == "up");
        Assert.Equal(0, up.GetProperty("exit").GetInt32());
        JsonElement drop = lines.First(l => l.TryGetProperty("event", out JsonElement e) && e.GetString() == "drop");
        Assert.Equal(("bad_digest", cluster.Hosts[1].Address.ToString()), (drop.GetProperty("reason").GetString(), drop.GetProperty("source").GetString()));
        Assert.StartsWith("Bad digest", drop.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
