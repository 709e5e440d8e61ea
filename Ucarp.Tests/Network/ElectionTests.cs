namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class ElectionTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoOfOurs_Start_ElectExactlyOneMasterAndKeepIt(bool ipv6)
    {
        using UcarpCluster cluster = UcarpCluster.Create(2, ipv6);
        using TestProcess a = cluster.StartMaster();
        using TestProcess b = cluster.StartBackup();

        Thread.Sleep(4000);   // longer than the dead interval: the backup must not take over

        Assert.Equal([0], cluster.Masters());
        Assert.Null(b.WaitForLine("Switching to state: MASTER", TimeSpan.Zero));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MasterLinkCut_BackupTakesOver_OldMasterReturnsAsBackup(bool ipv6)
    {
        using UcarpCluster cluster = UcarpCluster.Create(2, ipv6);
        using TestProcess a = cluster.StartMaster();
        using TestProcess b = cluster.StartBackup();

        cluster.Network.SetCarrier(cluster.Hosts[0], up: false);

        Assert.NotNull(a.WaitForLine("Switching to state: BACKUP", TimeSpan.FromSeconds(2)));
        Assert.True(cluster.WaitForSingleMaster(1, Election), string.Join("\n", b.Lines));

        cluster.Network.SetCarrier(cluster.Hosts[0], up: true);
        Thread.Sleep(4000);
        Assert.Equal([1], cluster.Masters());
        Assert.Equal(1, a.Lines.Count(l => l.Contains("Switching to state: MASTER", StringComparison.Ordinal)));
    }

    [Fact]
    public void BackupLinkFlap_ReadyAtOnce_TakesOverBeforeTheOriginalsTenSecondBlindSleepEnds()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        using TestProcess a = cluster.StartMaster();
        using TestProcess b = cluster.StartBackup();

        cluster.Network.SetCarrier(cluster.Hosts[1], up: false);
        Thread.Sleep(500);
        cluster.Network.SetCarrier(cluster.Hosts[1], up: true);
        Thread.Sleep(300);
        a.Signal(9);   // the master dies right after the backup's link came back
        _ = TestNetwork.Exec(cluster.Hosts[0].Namespace, $"ip addr del {cluster.Vip}/24 dev eth0");

        // The original sleeps 10 s blind after a carrier loss; ours listens again at once, so it takes over
        // one dead interval (about 3 s) after the master's last advert. The bound is that plus room for a
        // loaded machine, and still short of the 10 s a blind sleep would take: a bound, not a timing goal.
        Assert.True(cluster.WaitForSingleMaster(1, TimeSpan.FromSeconds(7)), string.Join("\n", b.Lines));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Preempt_FasterBackupWithPreempt_TakesTheVipAtOnce(bool ipv6)
    {
        using UcarpCluster cluster = UcarpCluster.Create(2, ipv6);
        using TestProcess a = cluster.StartMaster("-k", "100");
        using TestProcess b = cluster.StartOurs(1, "-k", "10", "-P");

        Assert.NotNull(b.WaitForLine("Putting MASTER down - preemption", Election));
        Assert.True(cluster.WaitForSingleMaster(1, Election));
        Assert.NotNull(a.WaitForLine("Preferred master advertised: going back to BACKUP state", Election));
    }

    [Fact]
    public void WrongPassword_PeersIgnoreEachOther_WarningsAreRateLimited()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        using TestProcess a = cluster.StartMaster("-b", "0", "-k", "10");
        var flowing = System.Diagnostics.Stopwatch.StartNew();
        using TestProcess b = cluster.Start(1, UcarpCluster.OursBinary, "-p", "other", "-b", "0", "-k", "10");

        Assert.True(UcarpCluster.WaitUntil(() => cluster.Masters().Count == 2, Election));
        Thread.Sleep(3000);   // about 75 bad adverts each way at 25 a second

        // One line per second at most, however long the start took on a loaded machine.
        int warnings = b.Lines.Count(l => l.Contains("Bad digest", StringComparison.Ordinal));
        Assert.InRange(warnings, 1, (int)Math.Ceiling(flowing.Elapsed.TotalSeconds) + 1);
        Assert.Contains(b.Lines, l => l.Contains("Check vhid, password and virtual IP address", StringComparison.Ordinal));
    }

    [Fact]
    public void InterfaceRemoved_MasterRunsDownScriptAndExitsNonZero()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess a = cluster.StartMaster();

        _ = TestNetwork.Exec(cluster.Hosts[0].Namespace, "ip link del eth0");

        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.NotEqual(0, a.ExitCode);
        Assert.Contains(a.Lines, l => l.Contains("[ERROR] Interface [eth0] was removed", StringComparison.Ordinal));
        Assert.Contains(cluster.ScriptCalls(), l => l.StartsWith("vip-down eth0 198.18.0.100 state=BACKUP previous=MASTER", StringComparison.Ordinal));
    }

    [Fact]
    public void NotRoot_OneClearErrorNamingTheCause_ExitTwo()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        TestHost host = cluster.Hosts[0];
        // Drop to nobody with no capabilities; everything else as usual.
        using TestProcess a = cluster.Network.StartProcess(host.Namespace, "setpriv",
            "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", UcarpCluster.OursBinary,
            "-i", "eth0", "-s", host.Address.ToString(), "-v", "7", "-p", "x", "-a", cluster.Vip, "-f", "none");

        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, a.ExitCode);
        string error = Assert.Single(a.Lines, l => l.Contains("[ERROR]", StringComparison.Ordinal));
        Assert.Contains("Operation not permitted (raw sockets need root or CAP_NET_RAW)", error, StringComparison.Ordinal);
    }
}
