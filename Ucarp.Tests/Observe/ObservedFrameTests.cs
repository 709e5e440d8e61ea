using System.Buffers.Binary;
using Ucarp.Protocol;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Packets;
using static Ucarp.Tests.Observe.ObserveFrames;

namespace Ucarp.Tests.Observe;

public class ObservedFrameTests
{
    public static TheoryData<FrameVector> Advertisements => new(FrameVector.All().Where(v => v.Kind == "CARP"));

    [Theory]
    [MemberData(nameof(Advertisements))]
    public void Read_CapturedUcarpAdvertisement_DecodesEveryField(FrameVector vector)
    {
        byte[] frame = Convert.FromHexString(vector.Hex);

        ObservedFrame advert = ObservedFrame.Read(frame);

        Assert.Equal(FrameKind.Carp, advert.Kind);
        Assert.Equal(vector.Source, advert.Source);
        Assert.Equal(vector.Vhid, advert.Vhid);
        Assert.Equal(vector.AdvBase, advert.AdvBase);
        Assert.Equal(vector.AdvSkew, advert.AdvSkew);
        Assert.Equal(255, advert.Ttl);
        Assert.True(advert.ChecksumOk);
        Assert.Equal(MacAddress.VirtualRouter(vector.Vhid), advert.SourceMac);
        Assert.Equal(vector.Broadcast ? DestinationKind.Broadcast : DestinationKind.Multicast, advert.DestinationKind);
        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(frame.AsSpan(34 + 8)), advert.Counter);
        Assert.Equal(34, advert.PayloadOffset);
    }

    [Theory]
    [InlineData(2, FrameKind.Vrrp2)]
    [InlineData(3, FrameKind.Vrrp3)]
    public void Read_Vrrp_RecognisedWithPriorityAndValidChecksum(int version, FrameKind kind)
    {
        ObservedFrame advert = ObservedFrame.Read(Vrrp(version, "198.18.0.9", 9, 150, "198.18.0.109"));

        Assert.Equal(kind, advert.Kind);
        Assert.Equal(9, advert.Vhid);
        Assert.Equal(150, advert.Priority);
        Assert.Equal(TimeSpan.FromSeconds(1), advert.Interval);
        Assert.True(advert.ChecksumOk);
    }

    [Fact]
    public void Read_CorruptedCarpByte_ChecksumFails()
    {
        byte[] frame = Carp("198.18.0.1", 7, "pw", "198.18.0.100", 5);
        frame[^1] ^= 1;

        Assert.False(ObservedFrame.Read(frame).ChecksumOk);
    }

    [Fact]
    public void Read_EveryTruncation_NeverThrowsAndIsNeverAnAdvert()
    {
        byte[] frame = Carp("198.18.0.1", 7, "pw", "198.18.0.100", 5);
        for (int length = 0; length < frame.Length; length++)
        {
            ObservedFrame advert = ObservedFrame.Read(frame.AsSpan(0, length));
            Assert.False(advert.IsAdvertisement);
            Assert.Equal(FrameKind.Truncated, advert.Kind);
        }
    }

    [Fact]
    public void Read_Fragment_IsCountedAsFragment()
    {
        byte[] frame = Carp("198.18.0.1", 7, "pw", "198.18.0.100", 5);
        frame[14 + 6] = 0x20;   // More Fragments

        Assert.Equal(FrameKind.Fragment, ObservedFrame.Read(frame).Kind);
    }

    [Fact]
    public void Read_OtherProtocolOrEtherType_IsForeign()
    {
        byte[] frame = Carp("198.18.0.1", 7, "pw", "198.18.0.100", 5);
        byte[] udp = (byte[])frame.Clone();
        udp[14 + 9] = 17;
        byte[] arp = (byte[])frame.Clone();
        arp[12] = 0x08;
        arp[13] = 0x06;

        Assert.Equal(FrameKind.Foreign, ObservedFrame.Read(udp).Kind);
        Assert.Equal(FrameKind.Foreign, ObservedFrame.Read(arp).Kind);
    }

    [Fact]
    public void Read_RandomGarbage_NeverThrows()
    {
        var random = new Random(112);
        byte[] frame = Carp("198.18.0.1", 7, "pw", "198.18.0.100", 5);
        for (int i = 0; i < 20000; i++)
        {
            byte[] mutated = (byte[])frame.Clone();
            for (int n = random.Next(1, 6); n > 0; n--)
            {
                mutated[random.Next(12, mutated.Length)] = (byte)random.Next(256);
            }
            _ = ObservedFrame.Read(mutated.AsSpan(0, random.Next(mutated.Length + 1)));
        }
    }

    [Fact]
    public void Read_CarpHeaderWithAnotherVersion_IsGarbage()
    {
        byte[] frame = Carp("198.18.0.1", 7, "pw", "198.18.0.100", 5);
        frame[34] = 0x11;

        Assert.Equal(FrameKind.Garbage, ObservedFrame.Read(frame).Kind);
    }

    public static TheoryData<int> Ipv6Vectors => [.. Enumerable.Range(0, Ipv6FrameVector.All.Count)];

    [Theory]
    [MemberData(nameof(Ipv6Vectors))]
    public void Read_Ipv6Vector_DecodesEveryFieldWithHopLimitAsTtl(int index)
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[index];

        ObservedFrame advert = ObservedFrame.Read(vector.Frame);

        var expected = new ObservedFrame(FrameKind.Carp, MacAddress.VirtualRouter(vector.Vhid), new CarpAddress(vector.Source, true),
            new CarpAddress(CarpConstants.Ipv6Group, true), DestinationKind.Multicast, Ttl: 255, vector.Vhid, vector.AdvBase, vector.AdvSkew,
            Priority: 0, new AdvertInterval(vector.AdvBase, vector.AdvSkew).ToTimeSpan(), vector.Counter, ChecksumOk: true, PayloadOffset: 14 + 40);
        Assert.Equal(expected, advert);
    }

    [Fact]
    public void Read_Ipv6CorruptedCarpByte_ChecksumFails()
    {
        byte[] frame = (byte[])Ipv6FrameVector.All[0].Frame.Clone();
        frame[^1] ^= 1;

        Assert.False(ObservedFrame.Read(frame).ChecksumOk);
    }

    [Fact]
    public void Read_Ipv6OtherHopLimit_KeptAsTtlAndChecksumStillGood()
    {
        byte[] frame = Carp("2001:db8::1", 7, "pw", "2001:db8::100", 5, ttl: 64);

        ObservedFrame advert = ObservedFrame.Read(frame);

        Assert.Equal(64, advert.Ttl);
        Assert.True(advert.ChecksumOk);   // the CARP checksum covers no IPv6 field (OpenBSD carp6_input)
    }

    [Fact]
    public void Read_Ipv6EveryTruncation_NeverAnAdvert()
    {
        byte[] frame = Ipv6FrameVector.All[0].Frame;
        for (int length = 0; length < frame.Length; length++)
        {
            ObservedFrame advert = ObservedFrame.Read(frame.AsSpan(0, length));
            Assert.False(advert.IsAdvertisement);
            Assert.Equal(FrameKind.Truncated, advert.Kind);
        }
    }

    [Theory]
    [InlineData(44, FrameKind.Fragment)]
    [InlineData(17, FrameKind.Foreign)]
    [InlineData(0, FrameKind.Foreign)]   // a hop-by-hop header: extension headers are not followed
    public void Read_Ipv6OtherNextHeader_FragmentOrForeign(byte nextHeader, FrameKind expected)
    {
        byte[] frame = (byte[])Ipv6FrameVector.All[0].Frame.Clone();
        frame[14 + 6] = nextHeader;

        Assert.Equal(expected, ObservedFrame.Read(frame).Kind);
    }

    [Fact]
    public void Read_Ipv6UnicastDestination_IsUnicast()
    {
        byte[] frame = (byte[])Ipv6FrameVector.All[0].Frame.Clone();
        frame[14 + 24] = 0x20;   // ff02::12 becomes 2002::12

        Assert.Equal(DestinationKind.Unicast, ObservedFrame.Read(frame).DestinationKind);
    }

    [Fact]
    public void Read_Vrrp3OverIpv6_RecognisedWithPseudoHeaderChecksum()
    {
        byte[] frame = Vrrp6("fe80::9", 9, 150, "2001:db8::109");

        ObservedFrame advert = ObservedFrame.Read(frame);
        frame[14 + 8 + 15] ^= 1;   // another source: only the pseudo-header covers it

        Assert.Equal(FrameKind.Vrrp3, advert.Kind);
        Assert.Equal(150, advert.Priority);
        Assert.Equal(TimeSpan.FromSeconds(1), advert.Interval);
        Assert.True(advert.ChecksumOk);
        Assert.False(ObservedFrame.Read(frame).ChecksumOk);
    }

    [Fact]
    public void Read_Ipv6RandomGarbage_NeverThrows()
    {
        var random = new Random(6);
        byte[] frame = Ipv6FrameVector.All[0].Frame;
        for (int i = 0; i < 20000; i++)
        {
            byte[] mutated = (byte[])frame.Clone();
            for (int n = random.Next(1, 6); n > 0; n--)
            {
                mutated[random.Next(12, mutated.Length)] = (byte)random.Next(256);
            }
            _ = ObservedFrame.Read(mutated.AsSpan(0, random.Next(mutated.Length + 1)));
        }
    }
}
