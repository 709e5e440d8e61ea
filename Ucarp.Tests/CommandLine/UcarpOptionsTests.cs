using System.Net;
using Ucarp.Cli.CommandLine;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.CommandLine;

public class UcarpOptionsTests
{
    private static UcarpOptions Parsed(params string[] extra) =>
        CommandLineParser.Parse("ucarp", ["-i", "eth0", "-s", "198.18.0.1", "-v", "7", "-p", "love", "-a", "198.18.0.100", .. extra]).Options!;

    [Fact]
    public void ToCarpConfig_EveryElectionOption_Carried()
    {
        UcarpOptions options = Parsed("-b", "2", "-k", "30", "-r", "5", "-m", "239.1.2.3", "-P", "-n", "-u", "/up",
            "--check=true", "--check-demote=50");
        var mac = new MacAddress(0x0200_0000_0001UL);

        CarpConfig config = options.ToCarpConfig(mac, router: true);

        Assert.Equal((7, 2, 30, 5u), (config.Vhid, config.AdvBase, config.AdvSkew, config.DeadRatio));
        Assert.Equal((IPAddress.Parse("198.18.0.1"), IPAddress.Parse("198.18.0.100"), IPAddress.Parse("239.1.2.3")),
            (config.SourceAddress, config.VirtualAddress, config.Group));
        Assert.True(config.Preempt && config.Neutral && config.Router && config.AnnounceAfterUpScript);
        Assert.False(config.Broadcast);
        Assert.Equal("love"u8.ToArray(), config.Password.ToArray());
        Assert.Equal(mac, config.InterfaceMac);
        Assert.Equal(50, config.HealthDemote);
    }

    [Fact]
    public void ToCarpConfig_Defaults_AreTheEnginesOwn()
    {
        CarpConfig config = Parsed("-M").ToCarpConfig(default, router: false);
        var engineDefaults = new CarpConfig { Vhid = 7, SourceAddress = IPAddress.Any, VirtualAddress = IPAddress.Any, Password = default };

        Assert.Equal((engineDefaults.AdvBase, engineDefaults.DeadRatio, engineDefaults.Group, engineDefaults.HealthDemote),
            (config.AdvBase, config.DeadRatio, config.Group, config.HealthDemote));
        Assert.Equal((CarpConstants.DefaultAdvBase, CarpConstants.DefaultDeadRatio, CarpConstants.PenaltyAdvSkew),
            (config.AdvBase, config.DeadRatio, config.HealthDemote));
        Assert.True(config.Broadcast);
        Assert.False(config.AnnounceAfterUpScript);   // no -u: the takeover announces the VIP itself
    }

    [Fact]
    public void ToCarpConfig_Peers_Carried()
    {
        CarpConfig config = Parsed("--peer=198.18.0.2", "--peer=198.18.0.3,hops=4").ToCarpConfig(default, router: false);
        Assert.Equal([new(IPAddress.Parse("198.18.0.2"), 0), new UnicastPeer<IPAddress>(IPAddress.Parse("198.18.0.3"), 4)], config.Peers);
    }
}
