using System.Buffers.Binary;
using System.Net;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Engine;

public class UnicastPeerTests
{
    /// <summary>Host <paramref name="n"/>'s address: 198.18.0.n, or 2001:db8::n.</summary>
    private static string Host(bool ipv6, int n) => ipv6 ? $"2001:db8::{n}" : $"198.18.0.{n}";

    private static Func<CarpConfig, CarpConfig> Peers(bool ipv6, byte hops, params int[] peers) =>
        c => c with
        {
            VirtualAddress = IPAddress.Parse(ipv6 ? "2001:db8::100" : "198.18.0.100"),
            Peers = [.. peers.Select(n => new UnicastPeer<IPAddress>(IPAddress.Parse(Host(ipv6, n)), hops))],
        };

    private static FakeLan.Node Add(FakeLan lan, bool ipv6, int host, params int[] peers) => lan.Add(Host(ipv6, host), Peers(ipv6, 0, peers));

    private static bool IsIpv6(byte[] frame) => BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)) == EthernetHeader.EtherTypeIpv6;

    private static IPAddress IpDestination(byte[] frame) =>
        IsIpv6(frame) ? new IPAddress(frame.AsSpan(EthernetHeader.Size + 24, 16)) : new IPAddress(frame.AsSpan(EthernetHeader.Size + 16, 4));

    private static byte TtlOrHopLimit(byte[] frame) => frame[EthernetHeader.Size + (IsIpv6(frame) ? 7 : 8)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Election_TwoPeers_OneMasterAdvertisingToThePeerOnly(bool ipv6)
    {
        var lan = new FakeLan();
        FakeLan.Node a = Add(lan, ipv6, 1, 2);
        FakeLan.Node b = Add(lan, ipv6, 2, 1);

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Backup, b.State);
        byte[] advert = a.Sent.Last(s => FakeLan.Node.IsAdvert(s.Frame)).Frame;
        Assert.Equal(IPAddress.Parse(Host(ipv6, 2)), IpDestination(advert));
        Assert.Equal(new MacAddress(0), MacAddress.Read(advert));
        Assert.Equal(255, TtlOrHopLimit(advert));   // as for the group
        Assert.True(b.Engine.Statistics.AdvertisementsReceived > 20);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Election_ThreeHostsTwoPeersEach_OneMasterSameCounterToBoth(bool ipv6)
    {
        var lan = new FakeLan();
        _ = Add(lan, ipv6, 1, 2, 3);
        _ = Add(lan, ipv6, 2, 1, 3);
        _ = Add(lan, ipv6, 3, 1, 2);

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(1, lan.Nodes.Count(n => n.State == CarpState.Master));
        FakeLan.Node master = lan.Nodes.Single(n => n.State == CarpState.Master);
        var last = master.Sent.Where(s => FakeLan.Node.IsAdvert(s.Frame)).TakeLast(2).ToList();
        Assert.Equal(last[0].At, last[1].At);
        Assert.Equal(FakeLan.Node.Header(last[0].Frame).Counter, FakeLan.Node.Header(last[1].Frame).Counter);
        Assert.NotEqual(IpDestination(last[0].Frame), IpDestination(last[1].Frame));
        Assert.Equal(master.Engine.Statistics.AdvertisementsSent * 2, master.Sent.Count(s => FakeLan.Node.IsAdvert(s.Frame)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Election_PeersBesideMulticastHost_NeitherHearsTheOther(bool ipv6)
    {
        var lan = new FakeLan();
        FakeLan.Node unicast = Add(lan, ipv6, 1, 2);
        FakeLan.Node multicast = Add(lan, ipv6, 2);

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, unicast.State);
        Assert.Equal(CarpState.Master, multicast.State);
        Assert.True(unicast.Engine.Statistics.Dropped(DropReason.OtherGroup) > 20);
        Assert.True(multicast.Engine.Statistics.Dropped(DropReason.OtherGroup) > 20);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Receive_UnicastFromNonPeer_CountedAndIgnored(bool ipv6)
    {
        var lan = new FakeLan();
        FakeLan.Node a = Add(lan, ipv6, 1, 3);
        FakeLan.Node intruder = Add(lan, ipv6, 2, 1);

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(CarpState.Master, a.State);
        Assert.Equal(CarpState.Master, intruder.State);
        Assert.True(a.Engine.Statistics.Dropped(DropReason.NotPeer) > 20);
        Assert.Contains(DropReason.NotPeer, a.Events.Drops);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Receive_PeerDeclaredOneHopAwaySendingOnLink_DroppedAsBadTtl(bool ipv6)
    {
        var lan = new FakeLan();
        // a is the worse candidate: b stays master and keeps advertising to it.
        FakeLan.Node a = lan.Add(Host(ipv6, 1), c => Peers(ipv6, 1, 2)(c) with { AdvSkew = 100 });
        FakeLan.Node b = Add(lan, ipv6, 2, 1);

        lan.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal((CarpState.Master, CarpState.Master), (a.State, b.State));   // a never hears b
        Assert.True(a.Engine.Statistics.Dropped(DropReason.BadTtl) > 20);
        Assert.Equal(0, b.Engine.Statistics.Dropped(DropReason.BadTtl));   // a's adverts, on-link and declared so, pass
        Assert.Contains(DropReason.BadTtl, a.Events.Drops);
    }
}
