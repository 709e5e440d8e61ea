using System.Globalization;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class TestNetworkTests
{
    [Fact]
    public void Create_TwoHosts_ShareOneSegment()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        string[] namespaces;
        using (var network = TestNetwork.Create(hosts: 2, subnet: 5))
        {
            namespaces = [network.Switch, .. network.Hosts.Select(h => h.Namespace)];
            Assert.True(TestNetwork.HasAddress(network.Hosts[1], "198.18.5.2"));
            Assert.False(TestNetwork.HasAddress(network.Hosts[1], "198.18.5.1"));

            // ARP across the bridge proves the cabling; the reply is seen live by the process handle.
            using TestProcess arping = network.StartProcess(network.Hosts[0].Namespace, "/bin/sh", "-c",
                "echo started; ip neigh flush all; ping -c 1 -W 5 198.18.5.2 >/dev/null 2>&1 || true; ip neigh show 198.18.5.2; sleep 30");
            Assert.NotNull(arping.WaitForLine("started", TimeSpan.FromSeconds(10)));
            Assert.NotNull(arping.WaitForLine("198.18.5.2 dev eth0", TimeSpan.FromSeconds(10)));
        }
        Assert.All(namespaces, ns => Assert.False(File.Exists("/run/netns/" + ns)));
    }

    [Fact]
    public void Create_StaleNamespaceOfDeadProcess_IsSwept()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        // A pid above pid_max never runs.
        int deadPid = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture) + 1;
        string stale = string.Create(CultureInfo.InvariantCulture, $"{TestNetwork.NamespacePrefix}{deadPid:x}-1-sw");
        using (var creator = System.Diagnostics.Process.Start("ip", ["netns", "add", stale]))
        {
            creator.WaitForExit();
        }
        Assert.True(File.Exists("/run/netns/" + stale));

        using var network = TestNetwork.Create(hosts: 1);

        Assert.False(File.Exists("/run/netns/" + stale));
    }

    [Fact]
    public void StartProcess_WithEnvironment_ProgramSeesIt()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using var network = TestNetwork.Create(hosts: 1);

        using TestProcess echo = network.StartProcess(network.Hosts[0].Namespace,
            new Dictionary<string, string> { ["UCX_TEST_VALUE"] = "42" }, "/bin/sh", "-c", "echo value=$UCX_TEST_VALUE");

        Assert.NotNull(echo.WaitForLine("value=42", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Dispose_ProcessThatDetached_IsKilled()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        int pid;
        using (var network = TestNetwork.Create(hosts: 1))
        {
            string ns = network.Hosts[0].Namespace;
            // Not started through the network, and orphaned once sh exits: found by its namespace only.
            TestNetwork.Exec(ns, "sleep 60 </dev/null >/dev/null 2>&1 &").EnsureSuccess("start a detached sleep");
            Assert.True(UcarpCluster.WaitUntil(() => TestNetwork.Pids(ns) is [int only] && TestNetwork.ProcessName(only) == "sleep",
                TimeSpan.FromSeconds(5)));
            pid = Assert.Single(TestNetwork.Pids(ns));
        }
        Assert.True(UcarpCluster.WaitUntil(() => TestNetwork.ProcessName(pid) is null, TimeSpan.FromSeconds(5)));
    }
}
