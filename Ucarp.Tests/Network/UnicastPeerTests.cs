using System.Net;
using System.Net.Sockets;
using Ucarp.Cli.Linux;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Network;

[Trait("Category", "Privileged")]
public class UnicastPeerTests
{
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(8);

    private static UcarpCluster MulticastDroppingCluster(int hosts)
    {
        UcarpCluster cluster = UcarpCluster.Create(hosts);
        cluster.Network.DropMulticast();
        return cluster;
    }

    // IPv4: every multicast frame dropped, as in many clouds. IPv6 needs its neighbour discovery
    // (multicast too) for unicast: only ff02::12 is dropped.
    private static UcarpCluster CarpMulticastDroppingCluster(bool ipv6)
    {
        if (!ipv6)
        {
            return MulticastDroppingCluster(2);
        }
        UcarpCluster cluster = UcarpCluster.Create(2, ipv6: true);
        cluster.Network.DropCarpGroups();
        return cluster;
    }

    private static int Count(TestProcess process, string text) => process.Lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MulticastDropped_WithoutPeers_BothBecomeMaster(bool ipv6)
    {
        using UcarpCluster cluster = CarpMulticastDroppingCluster(ipv6);
        using TestProcess a = cluster.StartOurs(0);
        using TestProcess b = cluster.StartOurs(1);

        Assert.True(UcarpCluster.WaitUntil(() => cluster.Masters().Count == 2, Election), string.Join("\n", b.Lines));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MulticastDropped_WithPeers_OneMasterFailsOverAndReturningHostStaysBackup(bool ipv6)
    {
        using UcarpCluster cluster = CarpMulticastDroppingCluster(ipv6);
        using TestProcess a = cluster.StartMaster(cluster.PeersOf(0));
        using TestProcess b = cluster.StartBackup(cluster.PeersOf(1));

        Thread.Sleep(4000);   // longer than the dead interval: the backup hears the master by unicast
        Assert.Equal([0], cluster.Masters());

        cluster.Network.SetCarrier(cluster.Hosts[0], up: false);
        Assert.True(cluster.WaitForSingleMaster(1, Election), string.Join("\n", b.Lines));

        cluster.Network.SetCarrier(cluster.Hosts[0], up: true);
        Thread.Sleep(4000);
        Assert.Equal([1], cluster.Masters());
        Assert.Equal(1, Count(a, "Switching to state: MASTER"));
    }

    // Each --peer of host i with `option` appended: ",hops=1" declares the router between the two subnets.
    private static string[] PeersOf(UcarpCluster cluster, int i, string option) => [.. cluster.PeersOf(i).Select(p => p + option)];

    [Fact]
    public void Routed_PeersDeclaredOneHop_OneMasterAndTakeoverOnCut()
    {
        using UcarpCluster cluster = UcarpCluster.Create(() => TestNetwork.CreateRouted(subnets: 2, hostsPerSubnet: 1));
        using TestProcess a = cluster.StartMaster(PeersOf(cluster, 0, ",hops=1"));
        using TestProcess b = cluster.StartBackup(PeersOf(cluster, 1, ",hops=1"));

        Thread.Sleep(4000);
        Assert.Equal([0], cluster.Masters());
        Assert.Equal(0, Count(b, "Bad TTL"));   // the router lowered it to 254, as declared

        cluster.Network.SetCarrier(cluster.Hosts[0], up: false);
        Assert.True(cluster.WaitForSingleMaster(1, Election), string.Join("\n", b.Lines));
    }

    [Theory]
    [InlineData("")]          // routed but not declared: could be anyone off-link
    [InlineData(",hops=2")]   // one router, not two
    public void Routed_PeersWithWrongHops_DroppedAsBadTtlAndBothMaster(string option)
    {
        using UcarpCluster cluster = UcarpCluster.Create(() => TestNetwork.CreateRouted(subnets: 2, hostsPerSubnet: 1));
        using TestProcess a = cluster.StartMaster(PeersOf(cluster, 0, option));
        using TestProcess b = cluster.StartBackup(PeersOf(cluster, 1, option));

        Assert.NotNull(b.WaitForLine("Bad TTL: [254]", Election));
        Assert.True(UcarpCluster.WaitUntil(() => cluster.Masters().Count == 2, Election), string.Join("\n", b.Lines));
    }

    [Fact]
    public void OffLinkForgerSpoofingOnLinkPeer_DroppedAsBadTtl()
    {
        // Hosts 0 and 1 share 198.18.0.0/24; host 2 is on 198.18.1.0/24 behind the router.
        using UcarpCluster cluster = UcarpCluster.Create(() => TestNetwork.CreateRouted(subnets: 2, hostsPerSubnet: 2));
        // The router must forward a source that does not belong to the side it comes from, as a sloppy one does.
        _ = TestNetwork.Exec(cluster.Network.Router, "sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.r1.rp_filter=0")
            .EnsureSuccess("rp_filter");
        using TestProcess a = cluster.StartMaster("--peer=" + cluster.Hosts[1].Address);
        using TestProcess b = cluster.StartBackup("--peer=" + cluster.Hosts[0].Address);

        // Host 1's address, the right password and VIP, a better advbase: were it believed, host 0 would step down.
        int sent = TestNetwork.RunInNamespace(cluster.Hosts[2].Namespace, () => SendUnicast(cluster.Hosts[1].Address, cluster.Hosts[0], 30));

        Assert.Equal(30, sent);
        Thread.Sleep(1000);
        Assert.True(Count(a, "Switching to state: BACKUP") == 1, string.Join("\n", a.Lines));   // only the start-up one
        Assert.Equal(1, Count(a, "Switching to state: MASTER"));
        Assert.Equal([0], cluster.Masters());
        Assert.NotNull(a.WaitForLine("Bad TTL: [254]", Election));
    }

    [Fact]
    public void ForgedUnicastFromNonPeer_IgnoredAndLogged()
    {
        using UcarpCluster cluster = MulticastDroppingCluster(3);
        using TestProcess a = cluster.StartMaster("--peer=" + cluster.Hosts[1].Address);
        using TestProcess b = cluster.StartBackup("--peer=" + cluster.Hosts[0].Address);

        // Right password and VIP, a better advbase: a peer sending this would take the VIP over.
        int sent = TestNetwork.RunInNamespace(cluster.Hosts[2].Namespace, () => SendUnicast(cluster.Hosts[2].Address, cluster.Hosts[0], 30));

        Assert.Equal(30, sent);
        Assert.NotNull(a.WaitForLine("not a --peer", Election));
        Thread.Sleep(1000);
        Assert.Equal([0], cluster.Masters());
        Assert.Equal(1, Count(a, "Switching to state: MASTER"));
        Assert.Equal(1, Count(a, "Switching to state: BACKUP"));   // only the start-up one
    }

    [Fact]
    public void ThreeHostsTwoPeersEach_OneMasterAndOneTakeover()
    {
        using UcarpCluster cluster = MulticastDroppingCluster(3);
        using TestProcess a = cluster.StartMaster(cluster.PeersOf(0));
        using TestProcess b = cluster.StartOurs(1, cluster.PeersOf(1));
        using TestProcess c = cluster.StartOurs(2, cluster.PeersOf(2));

        Thread.Sleep(4000);
        Assert.Equal([0], cluster.Masters());

        cluster.Network.SetCarrier(cluster.Hosts[0], up: false);
        Assert.True(UcarpCluster.WaitUntil(() => cluster.Masters() is [not 0], Election), string.Join("\n", c.Lines));
        Thread.Sleep(4000);
        Assert.Single(cluster.Masters());
        Assert.NotEqual(0, cluster.Masters()[0]);
    }

    [Fact]
    public void UnreachablePeer_LoggedNotDemoting()
    {
        using UcarpCluster cluster = UcarpCluster.Create(1);
        // 198.19.0.9 has no route from a host without a default route: every send is ENETUNREACH.
        using TestProcess a = cluster.StartMaster("--peer=198.19.0.9");

        Assert.NotNull(a.WaitForLine("Peer [198.19.0.9] is unreachable", Election));
        Thread.Sleep(4000);   // several more adverts: none may count as a failed send
        Assert.Equal(0, Count(a, "write() error"));
        Assert.Equal(0, Count(a, "write() has failed"));
        Assert.Equal([0], cluster.Masters());
    }

    [Fact]
    public void Ipv6_LinkLocalPeers_ReachedOnTheInterfaceOneMaster()
    {
        using UcarpCluster cluster = CarpMulticastDroppingCluster(ipv6: true);
        foreach (TestHost host in cluster.Hosts)
        {
            // A second link whose fe80::/64 route wins a lookup without a scope: only the interface
            // named as the peer's scope (-i) takes the adverts to it.
            _ = TestNetwork.Exec(host.Namespace, "ip link add decoy type veth peer name decoy-end && ip link set decoy-end up && ip link set decoy up && " +
                "ip -6 route add fe80::/64 dev decoy metric 1").EnsureSuccess("decoy link");
        }
        string Own(int i) => cluster.Hosts[i].LinkLocalAddress.ToString();
        using TestProcess a = cluster.StartMaster("-s", Own(0), "--peer=" + Own(1));
        using TestProcess b = cluster.StartOurs(1, "-s", Own(1), "--peer=" + Own(0));

        Assert.NotNull(b.WaitForLine("Switching to state: BACKUP", Election));
        Thread.Sleep(4000);   // longer than the dead interval: the backup hears the master on eth0
        Assert.Equal([0], cluster.Masters());
    }

    [Fact]
    public void Instances_Ipv4AndIpv6PeersInOneProcess_OneMasterOfEach()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2, ipv6: true);
        cluster.Network.DropCarpGroups();
        cluster.WriteScript("vip4-up", "ip addr add \"$2\"/24 dev \"${1%%:*}\"");
        cluster.WriteScript("vip4-down", "ip addr del \"$2\"/24 dev \"${1%%:*}\" 2>/dev/null || true");
        const string Vip4 = "198.18.0.100";
        bool Holds(int i, string vip) => TestNetwork.HasAddress(cluster.Hosts[i], vip);

        using TestProcess a = StartBothFamilies(cluster, 0, Vip4);
        Assert.True(UcarpCluster.WaitUntil(() => Holds(0, Vip4) && Holds(0, cluster.Vip), Election), string.Join("\n", a.Lines));
        using TestProcess b = StartBothFamilies(cluster, 1, Vip4);
        Thread.Sleep(4500);   // longer than the dead interval: B holds neither only if it hears A by unicast in both families

        Assert.Equal((true, true, false, false), (Holds(0, Vip4), Holds(0, cluster.Vip), Holds(1, Vip4), Holds(1, cluster.Vip)));
    }

    // One --instances process on host i: an IPv4 line and an IPv6 line (the defaults), each with the other host as its peer.
    private static TestProcess StartBothFamilies(UcarpCluster cluster, int i, string vip4)
    {
        TestHost own = cluster.Hosts[i], other = cluster.Hosts[1 - i];
        string scripts = Path.Combine(cluster.WorkDirectory, "vip4");
        string file = Path.Combine(cluster.WorkDirectory, $"both-{i}.conf");
        File.WriteAllLines(file,
        [
            $"-s {own.Address} -v 8 -a {vip4} -u {scripts}-up -d {scripts}-down -k {i * 50} --peer={other.Address}",
            $"-k {i * 50} --peer={other.Ipv6Address}",
        ]);
        return cluster.Start(i, UcarpCluster.OursBinary, "--instances=" + file);
    }

    private static int SendUnicast(IPAddress from, TestHost to, int count)
    {
        using CarpUnicastSocket socket = CarpUnicastSocket.Open(AddressFamily.InterNetwork);
        var digest = new CarpDigest("test-pass"u8, 7, Ipv4.ToUInt32(IPAddress.Parse("198.18.0.100")));
        byte[] frame = new byte[AdvertisementFrame.Size];
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            var header = new CarpHeader(CarpConstants.VersionAndType, 7, 0, 0, (ulong)i);
            AdvertisementFrame.Write(frame, header, Ipv4.ToUInt32(from), Ipv4.ToUInt32(to.Address), false, (ushort)i, digest);
            if (socket.Send(frame.AsSpan(EthernetHeader.Size), 0) == 0)
            {
                sent++;
            }
            Thread.Sleep(50);   // pacing the forger, not waiting for the system
        }
        return sent;
    }
}
