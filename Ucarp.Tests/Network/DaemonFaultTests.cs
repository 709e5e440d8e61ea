using System.Text.RegularExpressions;

namespace Ucarp.Tests.Network;

/// <summary>What the daemon does when its surroundings fail: it says so in one line and never dies with a stack trace.</summary>
[Trait("Category", "Privileged")]
public sealed partial class DaemonFaultTests
{
    private const int SIGSTOP = 19;
    private const int SIGCONT = 18;

    [Fact]
    public void LostLinkEvents_InterfaceGoneMeanwhile_ExitsAsRemovedWithDownScript()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        TestHost host = cluster.Hosts[0];
        using TestProcess a = cluster.StartMaster("-z");
        string batch = Path.Combine(cluster.WorkDirectory, "flood.batch");
        File.WriteAllLines(batch, ["link add flood0 type veth peer name flood1", .. Enumerable.Repeat("link set flood0 up\nlink set flood0 down", 2000)]);

        // While the daemon is stopped its netlink buffer overflows (ENOBUFS) and the removal of its
        // own interface is among the events lost: it must re-read the interface and find it gone.
        a.Signal(SIGSTOP);
        TestNetwork.Exec(host.Namespace, "ip", ["-batch", batch]).EnsureSuccess("flood link events");
        TestNetwork.Exec(host.Namespace, "ip link del eth0").EnsureSuccess("remove eth0");
        a.Signal(SIGCONT);

        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(10)), string.Join("\n", a.Lines));
        Assert.Equal(2, a.ExitCode);
        Assert.NotNull(a.WaitForLine("[ERROR] Interface [eth0] was removed: exiting", TimeSpan.Zero));
        Assert.DoesNotContain(a.Lines, l => l.StartsWith("   at ", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal));
        Assert.StartsWith("vip-down eth0 198.18.0.100 state=BACKUP previous=MASTER", cluster.ScriptCalls()[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void InterfaceDownAtStart_SaysItWaitsForCarrier_ThenRuns()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        TestHost host = cluster.Hosts[0];
        TestNetwork.Exec(host.Namespace, "ip link set eth0 down").EnsureSuccess("eth0 down");

        using TestProcess a = cluster.StartOurs(0);

        Assert.NotNull(a.WaitForLine("[WARNING] Interface [eth0] is down: waiting for carrier", TimeSpan.FromSeconds(5)));
        TestNetwork.Exec(host.Namespace, "ip link set eth0 up").EnsureSuccess("eth0 up");
        Assert.True(cluster.WaitForSingleMaster(0, TimeSpan.FromSeconds(10)), string.Join("\n", a.Lines));
    }

    [Theory]
    [InlineData("abcdefghijklmnop")]
    [InlineData("eth0:abcdefghijk")]
    public void InterfaceNameTooLong_AnswersAsOriginal(string name)
    {
        UcarpCluster.SkipUnlessOriginalInstalled();
        using UcarpCluster cluster = UcarpCluster.Create(1);
        string[] args = ["-i", name, "-s", "198.18.0.1", "-v", "7", "-p", "pw", "-a", "198.18.0.100", "-f", "none"];

        using TestProcess ours = cluster.Network.StartProcess(cluster.Hosts[0].Namespace, UcarpCluster.OursBinary, args);
        using TestProcess original = cluster.Network.StartProcess(cluster.Hosts[0].Namespace, UcarpCluster.OriginalBinary, args);

        Assert.True(ours.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.True(original.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(original.ExitCode, ours.ExitCode);
        Assert.Equal(Untimed(original), Untimed(ours));
        Assert.Contains("[ERROR] Interface name too long", Untimed(ours));
    }

    private static string[] Untimed(TestProcess process) => [.. process.Lines.Select(l => Timestamp().Replace(l, ""))];

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}: ")]
    private static partial Regex Timestamp();
}
