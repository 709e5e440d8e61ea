using System.Diagnostics;
using Ucarp.Cli.Linux;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class LinkMonitorTests
{
    [Fact]
    public void TryRead_CarrierLostAndBack_BothReported()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using var network = TestNetwork.Create(hosts: 1);
        TestHost host = network.Hosts[0];
        (LinkMonitor monitor, int index) = TestNetwork.RunInNamespace(host.Namespace, () => (LinkMonitor.Open(), NetDevice.Query("eth0").Index));
        using (monitor)
        {
            Drain(monitor);

            network.SetCarrier(host, up: false);
            LinkEvent lost = WaitFor(monitor, e => e.Index == index && !e.IsRunning);
            network.SetCarrier(host, up: true);
            LinkEvent back = WaitFor(monitor, e => e.Index == index && e.IsRunning);

            // How soon they come is not asserted: the kernel's linkwatch worker sends carrier events
            // after `ip` returns, as soon as it is scheduled. The benchmarks measure the reaction.
            Assert.True(lost.IsUp);
            Assert.False(lost.Removed);
            Assert.True(back.IsUp);
        }
    }

    [Fact]
    public void TryRead_InterfaceDeleted_ReportsRemoval()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using var network = TestNetwork.Create(hosts: 1);
        TestHost host = network.Hosts[0];
        (LinkMonitor monitor, int index) = TestNetwork.RunInNamespace(host.Namespace, () => (LinkMonitor.Open(), NetDevice.Query("eth0").Index));
        using (monitor)
        {
            Drain(monitor);
            TestNetwork.Exec(host.Namespace, "ip link del eth0").EnsureSuccess("link del");
            LinkEvent removed = WaitFor(monitor, e => e.Index == index && e.Removed);
            Assert.False(removed.LostEvents);
        }
    }

    [Fact]
    public void TryRead_NothingQueued_ReturnsFalse()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using var network = TestNetwork.Create(hosts: 1);
        using LinkMonitor monitor = TestNetwork.RunInNamespace(network.Hosts[0].Namespace, LinkMonitor.Open);
        Drain(monitor);
        Assert.False(monitor.TryRead(out _));
    }

    private static void Drain(LinkMonitor monitor)
    {
        while (monitor.TryRead(out _))
        {
        }
    }

    private static LinkEvent WaitFor(LinkMonitor monitor, Func<LinkEvent, bool> match)
    {
        var watch = Stopwatch.StartNew();
        Span<PollFd> fds = [new PollFd(monitor.Fd, PollEvents.In)];
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            while (monitor.TryRead(out LinkEvent e))
            {
                if (match(e))
                {
                    return e;
                }
            }
            _ = Poller.Wait(fds, TimeSpan.FromMilliseconds(50));
        }
        throw new TimeoutException("no matching link event in 5 s");
    }
}
