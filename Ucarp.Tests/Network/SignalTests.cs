using Ucarp.Tests.Linux;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class SignalTests
{
    private const int SIGKILL = 9;
    private const int SIGUSR1 = 10;
    private const int SIGUSR2 = 12;
    private const int SIGTERM = 15;
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    [Fact]
    public void Usr1_LogsOriginalStatusLineThenCounters()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster();

        a.Signal(SIGUSR1);

        Assert.NotNull(a.WaitForLine("[INFO] MASTER on eth0 id 7", TimeSpan.FromSeconds(2)));
        string? counters = a.WaitForLine("Counters: adverts sent", TimeSpan.FromSeconds(2));
        Assert.NotNull(counters);
        Assert.Contains("MASTER for", counters, StringComparison.Ordinal);
        Assert.False(a.HasExited);
    }

    [Fact]
    public void Usr2_MasterBowsOutAndPeerTakesOverWithoutWaiting()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        using TestProcess a = cluster.StartMaster();
        using TestProcess b = cluster.StartBackup();
        Thread.Sleep(1500);

        a.Signal(SIGUSR2);

        Assert.NotNull(a.WaitForLine("Bowing out", TimeSpan.FromSeconds(2)));
        Assert.NotNull(b.WaitForLine("Putting MASTER DOWN (going to time out)", Election));
        Assert.True(cluster.WaitForSingleMaster(1, Election));
        Thread.Sleep(5000);   // the demoted host holds 3 s, then hears the new master and stays backup
        Assert.Equal([1], cluster.Masters());
        Assert.False(a.HasExited);
    }

    [Fact]
    public void TermWithShutdown_MasterRunsDownScriptAndExitsZero()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster("-z");

        a.Signal(SIGTERM);

        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, a.ExitCode);
        Assert.Empty(cluster.Masters());
        Assert.Contains(cluster.ScriptCalls(), l => l.StartsWith("vip-down eth0 198.18.0.100 state=BACKUP previous=MASTER", StringComparison.Ordinal));
    }

    [Fact]
    public void TermWithShutdown_HungUpScriptIsStoppedAndDownScriptRunsLast()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string child = Path.Combine(cluster.WorkDirectory, "child");
        // Adds the VIP, then hangs and ignores SIGTERM: only SIGKILL to its group ends it.
        cluster.WriteScript("hang-up", $"trap '' TERM; ip addr add \"$2\"/24 dev eth0; sleep 60 & echo $! > {child}; wait");
        using TestProcess a = cluster.StartOurs(0, "-z", "-u", Path.Combine(cluster.WorkDirectory, "hang-up"));
        Assert.True(cluster.WaitForSingleMaster(0, Election));
        Assert.True(UcarpCluster.WaitUntil(() => File.Exists(child) && File.ReadAllText(child).Length > 0, TimeSpan.FromSeconds(5)));

        a.Signal(SIGTERM);

        // SIGTERM, SIGKILL 2 s later, then the down script: the VIP never stays on a host without a daemon.
        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(8)), string.Join("\n", a.Lines));
        Assert.Equal(0, a.ExitCode);
        Assert.Empty(cluster.Masters());
        Assert.StartsWith("vip-down eth0 198.18.0.100 state=BACKUP previous=MASTER", cluster.ScriptCalls()[^1], StringComparison.Ordinal);
        int pid = int.Parse(File.ReadAllText(child), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(UcarpCluster.WaitUntil(() => !ScriptTests.IsAlive(pid), TimeSpan.FromSeconds(5)), "the hung script's child survived");
    }

    [Fact]
    public void TermWithShutdown_UpScriptStuckInTheKernel_IsLeftBehind_DownScriptReleasesTheVip()
    {
        using var frozen = new FrozenFileSystem();
        using UcarpCluster cluster = UcarpCluster.Create(1);
        // Adds the VIP, then sleeps uninterruptibly: SIGKILL does not end it before the thaw. Its stdio is
        // not the daemon's: left behind, it would hold the test's pipes open until then.
        cluster.WriteScript("stuck-up", $"exec > /dev/null 2>&1; ip addr add \"$2\"/24 dev eth0; echo x > {frozen.Mount}/file");
        using TestProcess a = cluster.StartOurs(0, "-z", "-u", Path.Combine(cluster.WorkDirectory, "stuck-up"), "--script-timeout=1");
        Assert.True(cluster.WaitForSingleMaster(0, Election));
        Assert.NotNull(a.WaitForLine("still running after SIGKILL (stuck in the kernel)", TimeSpan.FromSeconds(20)));

        a.Signal(SIGTERM);

        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(10)), string.Join("\n", a.Lines));
        Assert.Equal(0, a.ExitCode);
        Assert.Empty(cluster.Masters());
        Assert.StartsWith("vip-down eth0 198.18.0.100 state=BACKUP previous=MASTER", cluster.ScriptCalls()[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TermWithShutdown_BackupTakesOverOnTheBowOutNotTheTimer()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        using TestProcess a = cluster.StartMaster("-z");
        using TestProcess b = cluster.StartBackup();
        Thread.Sleep(1500);

        a.Signal(SIGTERM);

        // Only the bow-out makes the backup say this; its dead-interval timer would give another reason.
        // How fast the switchover is belongs to the benchmarks, not to a bound here.
        Assert.NotNull(b.WaitForLine("Putting MASTER DOWN (going to time out)", Election));
        Assert.True(cluster.WaitForSingleMaster(1, Election), string.Join("\n", b.Lines));
        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, a.ExitCode);
    }

    [Fact]
    public void TermWithoutShutdown_EndsAtOnceWithoutScriptAndKeepsVip()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster();
        int calls = cluster.ScriptCalls().Count;

        a.Signal(SIGTERM);

        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.NotEqual(0, a.ExitCode);
        Assert.Equal(calls, cluster.ScriptCalls().Count);
        Assert.Equal([0], cluster.Masters());
    }

    [Fact]
    public void Daemon_AtMostTwoThreads_EachBlockingTheSignalsItReadsFromItsDescriptor()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster("-z");

        // The loop and the runtime's finalizer; no signal-handling thread. A thread that left one of
        // HUP INT QUIT USR1 USR2 TERM unblocked would take it with its default action instead.
        const ulong handled = (1UL << (1 - 1)) | (1UL << (2 - 1)) | (1UL << (3 - 1)) | (1UL << (SIGUSR1 - 1)) | (1UL << (SIGUSR2 - 1)) | (1UL << (SIGTERM - 1));
        string[] threads = Directory.GetDirectories($"/proc/{a.Pid}/task");
        Assert.InRange(threads.Length, 1, 2);
        foreach (string thread in threads)
        {
            string blocked = File.ReadAllLines(Path.Combine(thread, "status")).Single(l => l.StartsWith("SigBlk:", StringComparison.Ordinal))[7..].Trim();
            Assert.Equal(handled, ulong.Parse(blocked, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & handled);
        }
    }

    [Fact]
    public void StartedWithChldIgnoredAndSignalsBlocked_StatusesSeen_Usr1Answered_TermStillEnds()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        // As some supervisors and pid-1 wrappers hand it over: exec keeps ignored signals ignored and
        // blocked ones blocked. With SIGCHLD ignored the kernel reaps every child itself.
        string wrapper = cluster.WriteBareScript("wrapper",
            "exec perl -e 'use POSIX; $SIG{$_} = q(IGNORE) for qw(CHLD USR1 USR2); " +
            "sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGPIPE)) or die; " +
            $"exec @ARGV or die' {UcarpCluster.OursBinary} \"$@\"");
        cluster.WriteScript("failing-down", "exit 3");
        // The check reports the signal state it was handed, with builtins only (see ScriptTests), and passes.
        string report = Path.Combine(cluster.WorkDirectory, "check-signals");
        using TestProcess a = cluster.Start(0, wrapper, "-d", Path.Combine(cluster.WorkDirectory, "failing-down"), "--check-interval=0.5",
            $"--check=while IFS= read -r l; do case $l in SigBlk*|SigIgn*) echo \"$l\";; esac; done < /proc/$$/status > {report}.tmp; mv {report}.tmp {report}");

        Assert.NotNull(a.WaitForLine("failing-down] ended with exit status 3", Election));
        Assert.NotNull(a.WaitForLine("Health check passed once: healthy", Election));
        Assert.Equal(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"], File.ReadAllLines(report));
        Assert.DoesNotContain(a.Lines, l => l.Contains("reaped elsewhere", StringComparison.Ordinal));
        a.Signal(SIGUSR1);
        Assert.NotNull(a.WaitForLine("on eth0 id 7", TimeSpan.FromSeconds(5)));

        // Without --shutdown, TERM ends it by its default action, as it ends ucarp 1.5.2.
        a.Signal(SIGTERM);
        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(5)), string.Join("\n", a.Lines));
        Assert.Equal(128 + SIGTERM, a.ExitCode);
    }

    [Fact]
    public void Kill_WhileBackup_LeavesNoChildBehind()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        cluster.WriteScript("slow-down", "sleep 0.2");
        using TestProcess a = cluster.StartOurs(0, "-d", Path.Combine(cluster.WorkDirectory, "slow-down"));
        Assert.NotNull(a.WaitForLine("Switching to state: BACKUP", Election));
        // The daemon logs a script's end after reaping it: from that line on, no zombie may remain.
        Assert.NotNull(a.WaitForLine("slow-down] ended with exit status 0", Election));

        string zombies = TestNetwork.Exec(cluster.Hosts[0].Namespace, "ps -o stat= --ppid " + a.Pid).Stdout;
        Assert.DoesNotContain("Z", zombies, StringComparison.Ordinal);
        a.Signal(SIGKILL);
        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(5)));
    }
}
