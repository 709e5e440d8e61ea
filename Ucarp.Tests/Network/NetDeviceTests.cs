using System.Globalization;
using Ucarp.Cli.Linux;

namespace Ucarp.Tests.Network;

public class NetDeviceTests
{
    [Fact]
    public void Query_UnknownDevice_ThrowsNoSuchDevice()
    {
        var e = Assert.Throws<ErrnoException>(() => NetDevice.Query("nosuch0"));
        Assert.Equal(19 /* ENODEV */, e.NativeErrorCode);
        Assert.Equal("No such device", e.Message);
    }

    [Fact]
    public void Query_NameTooLong_ThrowsNoSuchDevice() =>
        Assert.Equal(19, Assert.Throws<ErrnoException>(() => NetDevice.Query("abcdefghijklmnop")).NativeErrorCode);

    [Theory]
    [InlineData("eth0", "eth0")]
    [InlineData("eth0:carp0", "eth0")]
    [InlineData("eth0:", "eth0")]
    public void DeviceName_AliasLabel_IsThePartBeforeTheColon(string typed, string device) =>
        Assert.Equal(device, NetDevice.DeviceName(typed));

    [Fact]
    [Trait("Category", "Privileged")]
    public void Query_Eth0_MatchesWhatIpReports()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using var network = TestNetwork.Create(hosts: 1);
        TestHost host = network.Hosts[0];
        string[] link = TestNetwork.Exec(host.Namespace, "cat /sys/class/net/eth0/ifindex /sys/class/net/eth0/address").EnsureSuccess("sysfs").Stdout.Split('\n');

        NetDevice device = TestNetwork.RunInNamespace(host.Namespace, () => NetDevice.Query("eth0:carp0"));

        Assert.Equal("eth0", device.Name);
        Assert.Equal(int.Parse(link[0], CultureInfo.InvariantCulture), device.Index);
        Assert.Equal(link[1], device.Mac.ToString());
        Assert.True(device.IsUp);
        Assert.True(device.IsRunning);
    }

    [Fact]
    [Trait("Category", "Privileged")]
    public void Query_CarrierLostAndBack_RunningFollows()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using var network = TestNetwork.Create(hosts: 1);
        TestHost host = network.Hosts[0];

        network.SetCarrier(host, up: false);
        NetDevice down = TestNetwork.RunInNamespace(host.Namespace, () => NetDevice.Query("eth0"));
        network.SetCarrier(host, up: true);
        NetDevice up = TestNetwork.RunInNamespace(host.Namespace, () => NetDevice.Query("eth0"));

        Assert.True(down.IsUp);
        Assert.False(down.IsRunning);
        Assert.True(up.IsRunning);
    }

    [Fact]
    [Trait("Category", "Privileged")]
    public void FirstUsable_HostNamespace_FindsEth0NotLoopback()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root for network namespaces");
        using var network = TestNetwork.Create(hosts: 1);
        Assert.Equal("eth0", TestNetwork.RunInNamespace(network.Hosts[0].Namespace, InterfaceDiscovery.FirstUsable));
        // The switch namespace has a bridge but no IPv4 address anywhere: nothing usable.
        Assert.Null(TestNetwork.RunInNamespace(network.Switch, InterfaceDiscovery.FirstUsable));
    }
}
