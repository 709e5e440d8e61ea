using System.Net;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Packets;

/// <summary>--peer with IPv6: the receive rules of the IPv4 <see cref="AdvertisementReaderTests"/>, on IPv6 frames.</summary>
public class Ipv6PeerReaderTests
{
    private static readonly UInt128 Own = new(0x2001_0db8_0000_0000, 1);
    private static readonly UInt128 Sender = new(0x2001_0db8_0000_0000, 2);
    private static readonly UInt128 OtherPeer = new(0x2001_0db8_0000_0000, 3);
    private static readonly UInt128 Vip = new(0x2001_0db8_0000_0000, 0x100);
    private static readonly CarpDigest Digest = CarpDigest.ForIpv6("love"u8, 7, Vip, linkLocalIncluded: false);
    private static readonly Ipv6AdvertisementReader PeerReader = new(7, Own, Digest, null, [new(OtherPeer, 0), new(Sender, 0)]);
    private static readonly Ipv6AdvertisementReader GroupReader = new(7, Own, Digest, null);

    private static byte[] Frame(UInt128 source, UInt128 to, byte hopLimit = CarpConstants.Ttl, CarpDigest? digest = null)
    {
        byte[] frame = new byte[Ipv6AdvertisementFrame.Size];
        Ipv6AdvertisementFrame.Write(frame, new CarpHeader(CarpConstants.VersionAndType, 7, 0, 1, 42), source, to, digest ?? Digest);
        frame[EthernetHeader.Size + 7] = hopLimit;   // the hop limit is outside the CARP checksum: a router may lower it
        return frame;
    }

    private static UInt128 Address(string text) => CarpAddress.FromIPAddress(IPAddress.Parse(text)).Value;

    [Theory]
    [InlineData("2001:db8::2", "2001:db8::1", DropReason.None)]         // unicast from a peer
    [InlineData("2001:db8::3", "2001:db8::1", DropReason.None)]         // from the other peer
    [InlineData("2001:db8::9", "2001:db8::1", DropReason.NotPeer)]      // unicast from a non-peer
    [InlineData("2001:db8::2", "ff02::12", DropReason.OtherGroup)]      // multicast with peers set
    [InlineData("2001:db8::2", "2001:db8::9", DropReason.OtherGroup)]   // unicast to someone else
    public void Read_WithPeers_AcceptsOnlyUnicastFromPeers(string source, string to, DropReason expected)
    {
        ReceivedAdvertisement advert = PeerReader.Read(Frame(Address(source), Address(to)));
        Assert.Equal(expected, advert.Drop);
        Assert.Equal(new CarpAddress(Address(source), true), advert.Source);
    }

    [Fact]
    public void Read_UnicastWithoutPeers_ReturnsOtherGroup() =>
        Assert.Equal(DropReason.OtherGroup, GroupReader.Read(Frame(Sender, Own)).Drop);

    [Fact]
    public void Read_UnicastFromOnLinkPeerRouted_ReturnsBadTtl()
    {
        ReceivedAdvertisement advert = PeerReader.Read(Frame(Sender, Own, hopLimit: 254));
        Assert.Equal((DropReason.BadTtl, 254), (advert.Drop, advert.Ttl));
    }

    [Theory]
    [MemberData(nameof(AdvertisementReaderTests.TwoHopsAway), MemberType = typeof(AdvertisementReaderTests))]
    public void Read_UnicastFromPeerTwoHopsAway_OnlyHopLimit253(byte hopLimit, DropReason expected)
    {
        var reader = new Ipv6AdvertisementReader(7, Own, Digest, null, [new(OtherPeer, 0), new(Sender, 2)]);
        Assert.Equal(expected, reader.Read(Frame(Sender, Own, hopLimit)).Drop);
    }

    [Fact]
    public void Read_MulticastRoutedWithPeers_StillBadTtl() =>
        Assert.Equal(DropReason.BadTtl, PeerReader.Read(Frame(Sender, CarpConstants.Ipv6Group, hopLimit: 254)).Drop);

    [Fact]
    public void Read_UnicastFromPeerWrongPassword_ReturnsBadDigest() =>
        Assert.Equal(DropReason.BadDigest,
            PeerReader.Read(Frame(Sender, Own, digest: CarpDigest.ForIpv6("other"u8, 7, Vip, linkLocalIncluded: false))).Drop);

    [Fact]
    public void Write_ToGroup_SameBytesAsTheGroupOverload()
    {
        byte[] group = new byte[Ipv6AdvertisementFrame.Size];
        Ipv6AdvertisementFrame.Write(group, new CarpHeader(CarpConstants.VersionAndType, 7, 0, 1, 42), Sender, Digest);
        Assert.Equal(Convert.ToHexString(group), Convert.ToHexString(Frame(Sender, CarpConstants.Ipv6Group)));
    }
}
