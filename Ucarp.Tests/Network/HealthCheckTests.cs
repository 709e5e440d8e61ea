using System.Globalization;
using System.Text.Json;
using Ucarp.Tests.Linux;

namespace Ucarp.Tests.Network;

/// <summary>--check with real processes: the VIP leaves a master whose check fails, for ours and for ucarp 1.5.2 backups.</summary>
[Trait("Category", "Privileged")]
public class HealthCheckTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FlagRemoved_BackupWithoutPreemptTakesOver_NoFlapping_FlagBackWithPreemptTakesItBack(bool originalBackup)
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        string flag = Path.Combine(cluster.WorkDirectory, "healthy");
        File.WriteAllText(flag, "");
        using TestProcess ours = cluster.StartMaster($"--check=test -f {flag}", "--check-interval=0.5", "--check-fall=2", "-P");
        using TestProcess backup = originalBackup ? cluster.StartOriginal(1, "-k", "50") : cluster.StartOurs(1, "-k", "50");
        Assert.NotNull(backup.WaitForLine("Switching to state: BACKUP", Election));
        Assert.NotNull(ours.WaitForLine("Health check passed once: healthy", TimeSpan.Zero));

        File.Delete(flag);

        // fall × interval = 1 s, plus up to 1 s for ucarp 1.5.2 to read the bow-out (ours: milliseconds).
        Assert.True(cluster.WaitForSingleMaster(1, TimeSpan.FromSeconds(5)), string.Join("\n", ours.Lines));
        Assert.NotNull(ours.WaitForLine("Health check failed 2 times: demoting (advskew 240)", TimeSpan.Zero));
        Assert.NotNull(ours.WaitForLine("Bowing out", TimeSpan.Zero));
        Assert.NotNull(backup.WaitForLine("Putting MASTER DOWN (going to time out)", TimeSpan.FromSeconds(1)));
        Assert.Contains(cluster.ScriptCalls(), l => l.StartsWith("vip-down eth0 198.18.0.100 state=BACKUP previous=MASTER vhid=7 reason=Unhealthy", StringComparison.Ordinal));

        // Longer than ours' demoted dead interval (3.94 s): an unhealthy -P host hearing a master stays BACKUP.
        Thread.Sleep(5000);
        Assert.Equal([1], cluster.Masters());
        Assert.Equal(1, ours.Lines.Count(l => l.Contains("Switching to state: MASTER", StringComparison.Ordinal)));
        ours.Signal(10);   // SIGUSR1
        Assert.NotNull(ours.WaitForLine("Health: unhealthy, advskew 240, consecutive failures", TimeSpan.FromSeconds(2)));

        File.WriteAllText(flag, "");

        Assert.True(cluster.WaitForSingleMaster(0, Election), string.Join("\n", ours.Lines));
        Assert.NotNull(ours.WaitForLine("Health check passed 2 times: healthy", TimeSpan.Zero));
        Assert.NotNull(ours.WaitForLine("Putting MASTER down - preemption", TimeSpan.Zero));
    }

    [Fact]
    public void HangingCheck_KilledAtItsTimeout_CountsAsFailure_NoProcessOrZombieAccumulates()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string pids = Path.Combine(cluster.WorkDirectory, "pids");
        string status = Path.Combine(cluster.WorkDirectory, "status.json");
        string metrics = Path.Combine(cluster.WorkDirectory, "ucarp.prom");
        using TestProcess ours = cluster.StartOurs(0, $"--check=sleep 60 & echo $! >> {pids}; wait", "--check-interval=0.5", "--check-timeout=0.3",
            "--status-file=" + status, "--metrics-file=" + metrics);

        Assert.NotNull(ours.WaitForLine("Health check still running after 0.3 s: killing it", Election));
        Assert.NotNull(ours.WaitForLine("Health check failed once: demoting (advskew 240)", TimeSpan.FromSeconds(1)));
        Assert.True(UcarpCluster.WaitUntil(() => File.Exists(pids) && File.ReadAllLines(pids).Length >= 6, TimeSpan.FromSeconds(15)));

        string ns = cluster.Hosts[0].Namespace;
        string[] started = File.ReadAllLines(pids);
        // Every check but the one that may be running now was killed with what it started.
        Assert.True(UcarpCluster.WaitUntil(
            () => started[..^1].All(p => !ScriptTests.IsAlive(int.Parse(p, CultureInfo.InvariantCulture))), TimeSpan.FromSeconds(5)));
        string children = TestNetwork.Exec(ns, "ps -o stat= --ppid " + ours.Pid).Stdout;
        Assert.True(children.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 1, children);
        Assert.DoesNotContain("Z", children, StringComparison.Ordinal);
        Assert.False(ours.HasExited);

        // The monitoring files say so too (the status file is rewritten on SIGUSR1).
        ours.Signal(10);
        Assert.True(UcarpCluster.WaitUntil(() => TimedOutRuns(status) >= 6, TimeSpan.FromSeconds(5)));
        using JsonDocument json = ReadStatus(status)!;
        Assert.Equal(JsonValueKind.False, json.RootElement.GetProperty("healthy").ValueKind);
        Assert.True(json.RootElement.GetProperty("check_failures").GetInt32() >= 6);
        Assert.Equal(0, json.RootElement.GetProperty("counters").GetProperty("check_runs").GetProperty("passed").GetInt32());
        string prom = File.ReadAllText(metrics);
        Assert.Contains("ucarp_healthy{vhid=\"7\",interface=\"eth0\",vip=\"198.18.0.100\"} 0\n", prom, StringComparison.Ordinal);
        Assert.Contains("ucarp_check_runs_total{vhid=\"7\",interface=\"eth0\",vip=\"198.18.0.100\",result=\"timed_out\"}", prom, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckStuckInTheKernel_NoSecondStartsBesideIt_EachIntervalTimesOut_StatusFileSaysStuck()
    {
        using var frozen = new FrozenFileSystem();
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string pids = Path.Combine(cluster.WorkDirectory, "pids");
        string status = Path.Combine(cluster.WorkDirectory, "status.json");
        // The check's shell sleeps uninterruptibly in the write until the thaw, SIGKILL or not.
        using TestProcess ours = cluster.StartOurs(0, $"--check=echo $$ >> {pids}; echo x > {frozen.Mount}/file",
            "--check-interval=0.5", "--check-timeout=0.3", "--status-file=" + status);

        Assert.NotNull(ours.WaitForLine("Health check still running after SIGKILL (stuck in the kernel)", TimeSpan.FromSeconds(20)));
        Thread.Sleep(3000);   // six intervals, each counted as a check timed out

        ours.Signal(10);   // the status file is rewritten on SIGUSR1
        Assert.True(UcarpCluster.WaitUntil(() => TimedOutRuns(status) >= 5, TimeSpan.FromSeconds(5)), string.Join("\n", ours.Lines));
        using (JsonDocument json = ReadStatus(status)!)
        {
            Assert.Equal(JsonValueKind.True, json.RootElement.GetProperty("check_stuck").ValueKind);
            Assert.Equal(JsonValueKind.False, json.RootElement.GetProperty("healthy").ValueKind);
        }
        int pid = int.Parse(Assert.Single(File.ReadAllLines(pids)), CultureInfo.InvariantCulture);
        Assert.Equal('D', FrozenFileSystem.State(pid));   // else this test proves nothing
        string children = TestNetwork.Exec(cluster.Hosts[0].Namespace, "ps -o pid= --ppid " + ours.Pid).Stdout;
        Assert.Equal([pid.ToString(CultureInfo.InvariantCulture)], children.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        frozen.Thaw();

        Assert.NotNull(ours.WaitForLine("Health check stuck in the kernel ended", TimeSpan.FromSeconds(5)));
        Assert.NotNull(ours.WaitForLine("Health check passed 2 times: healthy", TimeSpan.FromSeconds(10)));
        ours.Signal(10);
        Assert.True(UcarpCluster.WaitUntil(() => ReadStatus(status) is { } json && StuckFalse(json), TimeSpan.FromSeconds(5)));
    }

    private static bool StuckFalse(JsonDocument json)
    {
        using (json)
        {
            return json.RootElement.GetProperty("check_stuck").ValueKind == JsonValueKind.False;
        }
    }

    private static int TimedOutRuns(string path)
    {
        using JsonDocument? json = ReadStatus(path);
        return json?.RootElement.GetProperty("counters").GetProperty("check_runs").GetProperty("timed_out").GetInt32() ?? 0;
    }

    private static JsonDocument? ReadStatus(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    [Fact]
    public void Check_GetsScriptArgumentsVariablesAndDevNull()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string report = Path.Combine(cluster.WorkDirectory, "report");
        using TestProcess ours = cluster.StartOurs(0, "-x", "extra",
            $"--check={{ echo \"$1 $2 $3 $UCARP_STATE $UCARP_VHID\"; readlink /proc/$$/fd/0 /proc/$$/fd/2; ls -l /proc/$$/fd; }} > {report}.tmp; mv {report}.tmp {report}");

        Assert.True(UcarpCluster.WaitUntil(() => File.Exists(report), Election));
        string[] lines = File.ReadAllLines(report);
        Assert.Equal("eth0 198.18.0.100 extra BACKUP 7", lines[0]);
        Assert.Equal(["/dev/null", "/dev/null"], lines[1..3]);
        string descriptors = string.Join("\n", lines[3..]);
        Assert.DoesNotContain("socket:", descriptors, StringComparison.Ordinal);
        Assert.DoesNotContain("anon_inode", descriptors, StringComparison.Ordinal);
    }
}
