using System.Buffers.Binary;
using System.Net;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Engine;

public class UnicastPeerTests
{
    private static Func<CarpConfig, CarpConfig> Peers(params string[] peers) =>
        c => c with { Peers = [.. peers.Select(IPAddress.Parse)] };

    private static Func<CarpConfig, CarpConfig> Ipv6Peers(params string[] peers) =>
        c => c with { VirtualAddress = IPAddress.Parse("2001:db8::100"), Peers = [.. peers.Select(IPAddress.Parse)] };

    private static uint IpDestination(byte[] frame) => BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(EthernetHeader.Size + 16));

    private static IPAddress Ipv6Destination(byte[] frame) => new(frame.AsSpan(EthernetHeader.Size + 24, 16));

    [Fact]
    public void Election_TwoPeers_OneMasterAdvertisingToThePeerOnly()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", Peers("198.18.0.2"));
        FakeLan.Node b = lan.Add("198.18.0.2", Peers("198.18.0.1"));

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Backup, b.State);
        byte[] advert = a.Sent.Last(s => FakeLan.Node.IsAdvert(s.Frame)).Frame;
        Assert.Equal(0xC6120002u, IpDestination(advert));
        Assert.Equal(new MacAddress(0), MacAddress.Read(advert));
        Assert.Equal(255, advert[EthernetHeader.Size + 8]);   // TTL as for the group
        Assert.True(b.Engine.Statistics.AdvertisementsReceived > 20);
    }

    [Fact]
    public void Election_ThreeHostsTwoPeersEach_OneMasterSameCounterToBoth()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", Peers("198.18.0.2", "198.18.0.3"));
        FakeLan.Node b = lan.Add("198.18.0.2", Peers("198.18.0.1", "198.18.0.3"));
        FakeLan.Node c = lan.Add("198.18.0.3", Peers("198.18.0.1", "198.18.0.2"));

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(1, lan.Nodes.Count(n => n.State == CarpState.Master));
        FakeLan.Node master = lan.Nodes.Single(n => n.State == CarpState.Master);
        var last = master.Sent.Where(s => FakeLan.Node.IsAdvert(s.Frame)).TakeLast(2).ToList();
        Assert.Equal(last[0].At, last[1].At);
        Assert.Equal(FakeLan.Node.Header(last[0].Frame).Counter, FakeLan.Node.Header(last[1].Frame).Counter);
        Assert.NotEqual(IpDestination(last[0].Frame), IpDestination(last[1].Frame));
        Assert.Equal(master.Engine.Statistics.AdvertisementsSent * 2, master.Sent.Count(s => FakeLan.Node.IsAdvert(s.Frame)));
    }

    [Fact]
    public void Election_PeersBesideMulticastHost_NeitherHearsTheOther()
    {
        var lan = new FakeLan();
        FakeLan.Node unicast = lan.Add("198.18.0.1", Peers("198.18.0.2"));
        FakeLan.Node multicast = lan.Add("198.18.0.2");

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, unicast.State);
        Assert.Equal(CarpState.Master, multicast.State);
        Assert.True(unicast.Engine.Statistics.Dropped(DropReason.OtherGroup) > 20);
        Assert.True(multicast.Engine.Statistics.Dropped(DropReason.OtherGroup) > 20);
    }

    [Fact]
    public void Receive_UnicastFromNonPeer_CountedAndIgnored()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("198.18.0.1", Peers("198.18.0.3"));
        FakeLan.Node intruder = lan.Add("198.18.0.2", Peers("198.18.0.1"));

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Master, intruder.State);
        Assert.True(a.Engine.Statistics.Dropped(DropReason.NotPeer) > 20);
        Assert.Contains(DropReason.NotPeer, a.Events.Drops);
    }

    [Fact]
    public void Ipv6_Election_TwoPeers_OneMasterAdvertisingToThePeerOnly()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("2001:db8::1", Ipv6Peers("2001:db8::2"));
        FakeLan.Node b = lan.Add("2001:db8::2", Ipv6Peers("2001:db8::1"));

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Backup, b.State);
        byte[] advert = a.Sent.Last(s => FakeLan.Node.IsAdvert(s.Frame)).Frame;
        Assert.Equal(IPAddress.Parse("2001:db8::2"), Ipv6Destination(advert));
        Assert.Equal(new MacAddress(0), MacAddress.Read(advert));
        Assert.Equal(255, advert[EthernetHeader.Size + 7]);   // hop limit as for the group
        Assert.True(b.Engine.Statistics.AdvertisementsReceived > 20);
    }

    [Fact]
    public void Ipv6_Election_PeersBesideMulticastHost_NeitherHearsTheOther()
    {
        var lan = new FakeLan();
        FakeLan.Node unicast = lan.Add("2001:db8::1", Ipv6Peers("2001:db8::2"));
        FakeLan.Node multicast = lan.Add("2001:db8::2", Ipv6Peers());

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, unicast.State);
        Assert.Equal(CarpState.Master, multicast.State);
        Assert.True(unicast.Engine.Statistics.Dropped(DropReason.OtherGroup) > 20);
        Assert.True(multicast.Engine.Statistics.Dropped(DropReason.OtherGroup) > 20);
    }

    [Fact]
    public void Ipv6_Receive_UnicastFromNonPeer_CountedAndIgnored()
    {
        var lan = new FakeLan();
        FakeLan.Node a = lan.Add("2001:db8::1", Ipv6Peers("2001:db8::3"));
        FakeLan.Node intruder = lan.Add("2001:db8::2", Ipv6Peers("2001:db8::1"));

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Master, intruder.State);
        Assert.True(a.Engine.Statistics.Dropped(DropReason.NotPeer) > 20);
    }
}
