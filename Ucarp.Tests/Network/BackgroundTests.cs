namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class BackgroundTests
{
    [Fact]
    public void Daemonize_ReturnsZeroOnceReady_DaemonRunsDetached()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess parent = cluster.StartOurs(0, "-B");

        Assert.True(parent.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, parent.ExitCode);
        string ns = cluster.Hosts[0].Namespace;
        string daemon = Assert.Single(UcarpProcessesIn(ns));
        string[] fields = daemon.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEqual(fields[0], fields[1]);   // not a session leader
        Assert.Equal("?", fields[3]);             // no terminal
        Assert.True(cluster.WaitForSingleMaster(0, TimeSpan.FromSeconds(8)));
        Assert.Equal("/", TestNetwork.Exec(ns, $"readlink /proc/{fields[0]}/cwd").Stdout.Trim());
        _ = TestNetwork.Exec(ns, "kill " + fields[0]);
    }

    [Fact]
    public void Daemonize_UnknownInterface_ParentPrintsErrorAndExitsTwo()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        using TestProcess parent = cluster.StartOurs(0, "-B", "-i", "nosuch0");

        Assert.True(parent.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, parent.ExitCode);
        Assert.NotNull(parent.WaitForLine("[ERROR] Unable to find MAC address of [nosuch0]", TimeSpan.FromSeconds(1)));
        string ns = cluster.Hosts[0].Namespace;
        // The daemon closes the pipe on its way out: give it a moment to be gone.
        Assert.True(UcarpCluster.WaitUntil(() => !UcarpProcessesIn(ns).Any(), TimeSpan.FromSeconds(3)));
    }

    /// <summary>ps lines (pid, sid, pgid, tty, args) of our binary's processes in the namespace.</summary>
    private static IEnumerable<string> UcarpProcessesIn(string ns) =>
        TestNetwork.Exec(ns, $"for p in $(ip netns pids {ns}); do ps -o pid=,sid=,pgid=,tty=,args= -p $p; done").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(UcarpCluster.OursBinary, StringComparison.Ordinal));
}
