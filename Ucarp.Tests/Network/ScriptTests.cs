using System.Globalization;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class ScriptTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    [Fact]
    public void Scripts_GetInterfaceVipXparamAndEnvironment_InTransitionOrder()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster("-x", "extra-param");

        Assert.True(UcarpCluster.WaitUntil(() => cluster.ScriptCalls().Count >= 2, TimeSpan.FromSeconds(2)));
        Assert.Equal(
            [
                "vip-down eth0 198.18.0.100 extra-param state=BACKUP previous=INIT vhid=7 reason=Startup",
                "vip-up eth0 198.18.0.100 extra-param state=MASTER previous=BACKUP vhid=7 reason=MasterDown",
            ],
            cluster.ScriptCalls());
        Assert.NotNull(a.WaitForLine("[WARNING] Spawning [" + cluster.UpScript + " eth0 198.18.0.100 extra-param]", TimeSpan.Zero));
        Assert.NotNull(a.WaitForLine("ended with exit status 0", TimeSpan.FromSeconds(1)));
    }

    // A path (and -x) holding a byte that is not UTF-8 must reach exec as typed.
    [Fact]
    public void UpScriptPathAndXparamNotUtf8_ScriptRunsWithThoseBytes()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string upStem = Path.Combine(cluster.WorkDirectory, "up");
        RawNames.Shell("cp \"$1\" \"$2$(printf '\\377')\"", cluster.UpScript, upStem);

        using TestProcess a = cluster.StartWithShellWords(0, UcarpCluster.OursBinary,
            $"-u \"{upStem}$(printf '\\377')\" -x \"$(printf 'x\\376')\"");

        Assert.True(cluster.WaitForSingleMaster(0, Election), string.Join("\n", a.Lines));
        byte[] calls = File.ReadAllBytes(cluster.EventsFile);
        byte[] expected = [.. "up"u8, 0xFF, .. " eth0 198.18.0.100 x"u8, 0xFE, .. " state=MASTER"u8];
        Assert.True(calls.AsSpan().IndexOf(expected) >= 0,
            string.Join("\n", cluster.ScriptCalls()));
    }

    [Fact]
    public void SlowUpScript_AdvertisingGoesOn_PeerNeverTakesOver()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        cluster.WriteScript("slow-up", "sleep 8; ip addr add \"$2\"/24 dev eth0");
        using TestProcess a = cluster.StartOurs(0, "-u", Path.Combine(cluster.WorkDirectory, "slow-up"));
        Assert.NotNull(a.WaitForLine("Switching to state: MASTER", Election));
        using TestProcess b = cluster.StartOurs(1);

        // The original stops advertising while a script runs: its peer would take over after 3 s.
        Assert.True(UcarpCluster.WaitUntil(() => cluster.Masters().Count == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal([0], cluster.Masters());
        Assert.Null(b.WaitForLine("Switching to state: MASTER", TimeSpan.Zero));
    }

    [Fact]
    public void AliasLabel_DeviceBeforeColonIsUsed_ScriptsGetLabelAsTyped()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster("-i", "eth0:carp0");
        Assert.Contains(cluster.ScriptCalls(), l => l.StartsWith("vip-up eth0:carp0 198.18.0.100", StringComparison.Ordinal));
    }

    [Fact]
    public void Scripts_InheritNoSocketsAndDefaultSignalMask()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string text = ProbeDownScript(cluster, probe => cluster.StartOurs(0, "-d", probe));
        Assert.DoesNotContain("socket:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("anon_inode", text, StringComparison.Ordinal);
        Assert.Contains("SigBlk:\t0000000000000000", text, StringComparison.Ordinal);
        Assert.Contains("SigIgn:\t0000000000000000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_DaemonStartedWithSignalsIgnored_ScriptIgnoresNone()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        // As nohup or a supervisor may start it: exec keeps ignored signals ignored. The daemon catches
        // HUP, INT and QUIT itself, but leaves ALRM and XFSZ as it found them; posix_spawn's default
        // dispositions must undo that for the script.
        string launcher = cluster.WriteBareScript("ignoring", $"trap '' HUP INT QUIT ALRM XFSZ; exec {UcarpCluster.OursBinary} \"$@\"");
        ulong daemonIgnored = 0;
        string text = ProbeDownScript(cluster, probe => cluster.Start(0, launcher, "-d", probe),
            daemon => daemonIgnored = IgnoredSignals(daemon.Pid));
        const ulong AlrmAndXfsz = (1UL << (14 - 1)) | (1UL << (25 - 1));
        Assert.Equal(AlrmAndXfsz, daemonIgnored & AlrmAndXfsz);   // else this test proves nothing
        Assert.Contains("SigIgn:\t0000000000000000", text, StringComparison.Ordinal);
        Assert.Contains("SigBlk:\t0000000000000000", text, StringComparison.Ordinal);
    }

    // Starts the daemon with a down script that reports its signal state and descriptors; returns the report.
    // `running` sees the daemon once the report is written.
    private static string ProbeDownScript(UcarpCluster cluster, Func<string, TestProcess> start, Action<TestProcess>? running = null)
    {
        string report = Path.Combine(cluster.WorkDirectory, "fds");
        // The signal state is read first, with builtins only: once dash forks a command it blocks
        // every signal around the fork and clears the mask afterwards, so a probe after a fork
        // sees dash's own mask (all blocked, if read mid-fork), never what the daemon handed over.
        // The report appears whole (mv) so the wait below never reads half of it.
        string probe = cluster.WriteBareScript("probe-down",
            $"while IFS= read -r l; do case $l in Sig*) echo \"$l\";; esac; done < /proc/$$/status > {report}.tmp; " +
            $"ls -l /proc/$$/fd >> {report}.tmp; mv {report}.tmp {report}");
        using TestProcess daemon = start(probe);
        Assert.True(UcarpCluster.WaitUntil(() => File.Exists(report), TimeSpan.FromSeconds(5)), string.Join("\n", daemon.Lines));
        running?.Invoke(daemon);
        return File.ReadAllText(report);
    }

    private static ulong IgnoredSignals(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return ulong.Parse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void DownScriptAtStart_RunsAtOnce_NotAtTheFirstTimer()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        // advbase 20: the master-down timer, the loop's first deadline, is a minute away.
        using TestProcess a = cluster.StartOurs(0, "-b", "20");

        // ucarp 1.5.2 runs it about 40 ms after start, removing a VIP a crash left configured.
        Assert.True(UcarpCluster.WaitUntil(() => cluster.ScriptCalls().Count > 0, TimeSpan.FromSeconds(10)), string.Join("\n", a.Lines));
        Assert.StartsWith("vip-down eth0 198.18.0.100 state=BACKUP previous=INIT", cluster.ScriptCalls()[0], StringComparison.Ordinal);
    }

    [Fact]
    public void HungScript_AfterTimeout_WholeProcessGroupIsTerminated()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string child = Path.Combine(cluster.WorkDirectory, "child");
        cluster.WriteScript("hang-up", $"sleep 60 & echo $! > {child}; wait");
        // 5 s: the script forks and writes the child's pid within milliseconds, even on a loaded machine.
        using TestProcess a = cluster.StartOurs(0, "-u", Path.Combine(cluster.WorkDirectory, "hang-up"), "--script-timeout=5");

        Assert.NotNull(a.WaitForLine("still running after 5 s: terminating it", TimeSpan.FromSeconds(20)));
        Assert.NotNull(a.WaitForLine("hang-up] ended with killed by signal 15", TimeSpan.FromSeconds(5)));
        int pid = int.Parse(File.ReadAllText(child), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(UcarpCluster.WaitUntil(() => !IsAlive(pid), TimeSpan.FromSeconds(5)), "the script's child survived");
        Assert.False(a.HasExited);
    }

    [Fact]
    public void ScriptIgnoringTerm_IsKilled_AndTheNewerTransitionsScriptRuns()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        cluster.WriteScript("stubborn-up", "trap '' TERM; ip addr add \"$2\"/24 dev eth0; sleep 60");
        using TestProcess a = cluster.StartOurs(0, "-u", Path.Combine(cluster.WorkDirectory, "stubborn-up"), "--script-timeout=2");
        Assert.True(cluster.WaitForSingleMaster(0, Election));

        a.Signal(12);   // SIGUSR2: the down script is queued behind the hung up script

        Assert.NotNull(a.WaitForLine("still running 2 s after SIGTERM: killing it", TimeSpan.FromSeconds(10)));
        Assert.True(UcarpCluster.WaitUntil(() => cluster.Masters().Count == 0, TimeSpan.FromSeconds(5)), string.Join("\n", a.Lines));
        Assert.StartsWith("vip-down eth0 198.18.0.100 state=BACKUP previous=MASTER vhid=7 reason=Demoted", cluster.ScriptCalls()[^1], StringComparison.Ordinal);
        Assert.False(a.HasExited);
    }

    internal static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText(System.FormattableString.Invariant($"/proc/{pid}/stat"));
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void MissingScript_IsLoggedAndDaemonCarriesOn()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartOurs(0, "-u", "/nonexistent/up-script");

        Assert.NotNull(a.WaitForLine("Unable to exec /nonexistent/up-script", Election));
        Thread.Sleep(1500);
        Assert.False(a.HasExited);
        Assert.NotNull(a.WaitForLine("Switching to state: MASTER", TimeSpan.Zero));
    }
}
