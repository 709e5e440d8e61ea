using System.Buffers.Binary;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Packets;

public class AdvertisementReaderTests
{
    private const uint Sender = 0xC6120002;   // 198.18.0.2
    private const uint Own = 0xC6120001;      // 198.18.0.1
    private const uint Vip = 0xC6120064;      // 198.18.0.100
    private static readonly CarpDigest Digest = new("love"u8, 7, Vip);
    private static readonly AdvertisementReader Reader = new(7, Own, CarpConstants.DefaultGroup, Digest);

    private const uint OtherPeer = 0xC6130003;   // 198.19.0.3
    private static readonly AdvertisementReader PeerReader = new(7, Own, CarpConstants.DefaultGroup, Digest, [new(OtherPeer, 0), new(Sender, 0)]);

    internal static byte[] ValidFrame(byte vhid = 7, uint source = Sender, ulong counter = 42, uint destination = CarpConstants.DefaultGroup)
    {
        byte[] frame = new byte[AdvertisementFrame.Size];
        var header = new CarpHeader(CarpConstants.VersionAndType, vhid, 0, 1, counter);
        AdvertisementFrame.Write(frame, header, source, destination, false, 0x1234,
            new CarpDigest("love"u8, vhid, Vip));
        return frame;
    }

    // As a router leaves it: TTL lowered, IP checksum recomputed.
    private static byte[] Routed(byte[] frame, byte ttl)
    {
        Span<byte> ip = frame.AsSpan(EthernetHeader.Size, Ipv4Header.MinSize);
        ip[8] = ttl;
        ip[10] = 0; ip[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip));
        return frame;
    }

    [Theory]
    [InlineData(Sender, Own, DropReason.None)]                                // unicast from a peer
    [InlineData(OtherPeer, Own, DropReason.None)]                             // from the other peer
    [InlineData(0xC6120009u, Own, DropReason.NotPeer)]                        // unicast from a non-peer
    [InlineData(Sender, CarpConstants.DefaultGroup, DropReason.OtherGroup)]   // multicast with peers set
    [InlineData(Sender, 0xC6120005u, DropReason.OtherGroup)]                  // unicast to someone else
    public void Read_WithPeers_AcceptsOnlyUnicastFromPeers(uint source, uint destination, DropReason expected)
    {
        ReceivedAdvertisement advert = PeerReader.Read(ValidFrame(source: source, destination: destination));
        Assert.Equal(expected, advert.Drop);
        Assert.Equal(source, advert.Source);
    }

    [Fact]
    public void Read_UnicastWithoutPeers_ReturnsOtherGroup() =>
        Assert.Equal(DropReason.OtherGroup, Reader.Read(ValidFrame(destination: Own)).Drop);

    [Fact]
    public void Read_UnicastFromOnLinkPeerRouted_ReturnsBadTtl()
    {
        ReceivedAdvertisement advert = PeerReader.Read(Routed(ValidFrame(destination: Own), 254));
        Assert.Equal((DropReason.BadTtl, 254), (advert.Drop, advert.Ttl));
    }

    /// <summary>A peer declared two routers away (hops=2): the TTL its adverts arrive with, and the verdict.</summary>
    public static TheoryData<byte, DropReason> TwoHopsAway { get; } = new()
    {
        { 253, DropReason.None },     // as declared
        { 255, DropReason.BadTtl },   // sent on our link, not from where the peer is
        { 254, DropReason.BadTtl },
        { 252, DropReason.BadTtl },
    };

    [Theory]
    [MemberData(nameof(TwoHopsAway))]
    public void Read_UnicastFromPeerTwoHopsAway_OnlyTtl253(byte ttl, DropReason expected)
    {
        var reader = new AdvertisementReader(7, Own, CarpConstants.DefaultGroup, Digest, [new(OtherPeer, 0), new(Sender, 2)]);
        Assert.Equal(expected, reader.Read(Routed(ValidFrame(destination: Own), ttl)).Drop);
    }

    [Fact]
    public void Read_MulticastRoutedWithPeers_StillBadTtl() =>
        Assert.Equal(DropReason.BadTtl, PeerReader.Read(Routed(ValidFrame(), 254)).Drop);

    [Fact]
    public void Read_UnicastRoutedFromNonPeer_ReturnsNotPeer() =>
        Assert.Equal(DropReason.NotPeer, PeerReader.Read(Routed(ValidFrame(source: 0xC6120009, destination: Own), 64)).Drop);

    [Fact]
    public void Read_UnicastFromPeerWrongPassword_ReturnsBadDigest()
    {
        var reader = new AdvertisementReader(7, Own, CarpConstants.DefaultGroup, new CarpDigest("other"u8, 7, Vip), [new(Sender, 0)]);
        Assert.Equal(DropReason.BadDigest, reader.Read(ValidFrame(destination: Own)).Drop);
    }

    [Fact]
    public void Read_ValidFrame_ReturnsHeader()
    {
        ReceivedAdvertisement advert = Reader.Read(ValidFrame(counter: 0x0102030405060708));
        Assert.True(advert.IsValid);
        Assert.Equal(0x0102030405060708UL, advert.Header.Counter);
        Assert.Equal(Sender, advert.Source);
    }

    [Fact]
    public void Read_Truncated_ReturnsTooShort()
    {
        byte[] frame = ValidFrame();
        for (int length = 0; length < frame.Length; length++)
        {
            Assert.Equal(DropReason.TooShort, Reader.Read(frame.AsSpan(0, length)).Drop);
        }
    }

    [Fact]
    public void Read_OwnSource_IsIgnoredFirst()
    {
        byte[] frame = ValidFrame(source: Own);
        frame[EthernetHeader.Size + 8] = 1;   // even with a bad TTL
        Assert.Equal(DropReason.OwnSource, Reader.Read(frame).Drop);
    }

    [Fact]
    public void Read_BadTtl_ReturnsBadTtlWithValue()
    {
        byte[] frame = ValidFrame();
        frame[EthernetHeader.Size + 8] = 64;
        ReceivedAdvertisement advert = Reader.Read(frame);
        Assert.Equal(DropReason.BadTtl, advert.Drop);
        Assert.Equal(64, advert.Ttl);
    }

    [Fact]
    public void Read_BadVersion_ReturnsBadVersionBeforeVhid()
    {
        byte[] frame = ValidFrame(vhid: 9);
        frame[EthernetHeader.Size + Ipv4Header.MinSize] = 0x31;
        ReceivedAdvertisement advert = Reader.Read(frame);
        Assert.Equal(DropReason.BadVersion, advert.Drop);
        Assert.Equal(3, advert.Header.Version);
    }

    [Fact]
    public void Read_TypeNibbleOtherThanAdvertisement_ReturnsMalformed()
    {
        // ucarp checks only the version nibble, but never sends another type; fix the checksum so only the type differs.
        byte[] frame = ValidFrame();
        Span<byte> carp = frame.AsSpan(EthernetHeader.Size + Ipv4Header.MinSize, CarpHeader.Size);
        carp[0] = 0x22;
        CarpHeader.SealChecksum(carp);
        Assert.Equal(DropReason.Malformed, Reader.Read(frame).Drop);
    }

    [Fact]
    public void Read_OtherVhid_ReturnsOtherVhid()
    {
        Assert.Equal(DropReason.OtherVhid, Reader.Read(ValidFrame(vhid: 8)).Drop);
    }

    [Fact]
    public void Read_OtherGroup_ReturnsOtherGroup()
    {
        var reader = new AdvertisementReader(7, Own, 0xEFC00007, Digest);
        Assert.Equal(DropReason.OtherGroup, reader.Read(ValidFrame()).Drop);
    }

    [Fact]
    public void Read_CorruptedCarpByte_ReturnsBadChecksum()
    {
        byte[] frame = ValidFrame();
        frame[^1] ^= 0x01;
        Assert.Equal(DropReason.BadChecksum, Reader.Read(frame).Drop);
    }

    [Fact]
    public void Read_CorruptedIpHeader_ReturnsBadChecksum()
    {
        byte[] frame = ValidFrame();
        frame[EthernetHeader.Size + 1] ^= 0x04;   // TOS
        Assert.Equal(DropReason.BadChecksum, Reader.Read(frame).Drop);
    }

    [Fact]
    public void Read_WrongPassword_ReturnsBadDigestWithPrefixes()
    {
        var reader = new AdvertisementReader(7, Own, CarpConstants.DefaultGroup, new CarpDigest("other"u8, 7, Vip));
        byte[] frame = ValidFrame();
        ReceivedAdvertisement advert = reader.Read(frame);
        Assert.Equal(DropReason.BadDigest, advert.Drop);
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(EthernetHeader.Size + Ipv4Header.MinSize + CarpHeader.DigestOffset)),
            advert.ReceivedDigestPrefix);
        Assert.NotEqual(advert.ReceivedDigestPrefix, advert.ExpectedDigestPrefix);
    }

    [Fact]
    public void Read_WrongVirtualAddress_ReturnsBadDigest()
    {
        var reader = new AdvertisementReader(7, Own, CarpConstants.DefaultGroup, new CarpDigest("love"u8, 7, Vip + 1));
        Assert.Equal(DropReason.BadDigest, reader.Read(ValidFrame()).Drop);
    }

    [Fact]
    public void Read_HeaderWithOptions_FindsCarpAfterOptions()
    {
        byte[] plain = ValidFrame();
        byte[] frame = new byte[plain.Length + 4];
        plain.AsSpan(0, EthernetHeader.Size + Ipv4Header.MinSize).CopyTo(frame);
        plain.AsSpan(EthernetHeader.Size + Ipv4Header.MinSize).CopyTo(frame.AsSpan(EthernetHeader.Size + 24));
        Span<byte> ip = frame.AsSpan(EthernetHeader.Size);
        ip[0] = 0x46;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 24 + CarpHeader.Size);
        ip[20] = 1; ip[21] = 1; ip[22] = 1; ip[23] = 0;   // NOP options
        ip[10] = 0; ip[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip[..24]));
        Assert.True(Reader.Read(frame).IsValid);
    }

    [Theory]
    [InlineData(0x44)]
    [InlineData(0x40)]
    [InlineData(0x65)]
    public void Read_ImpossibleVersionOrIhl_ReturnsNotCarp(byte versionAndIhl)
    {
        byte[] frame = ValidFrame();
        frame[EthernetHeader.Size] = versionAndIhl;
        Assert.Equal(DropReason.NotCarp, Reader.Read(frame).Drop);
    }

    [Fact]
    public void Read_IhlBeyondFrame_ReturnsTooShort()
    {
        byte[] frame = ValidFrame();
        frame[EthernetHeader.Size] = 0x4F;   // 60-byte header leaves no room for CARP
        Assert.Equal(DropReason.TooShort, Reader.Read(frame).Drop);
    }

    [Fact]
    public void Read_OtherProtocolOrEtherType_ReturnsNotCarp()
    {
        byte[] udp = ValidFrame();
        udp[EthernetHeader.Size + 9] = 17;
        Assert.Equal(DropReason.NotCarp, Reader.Read(udp).Drop);
        byte[] arp = ValidFrame();
        arp[12] = 0x08; arp[13] = 0x06;
        Assert.Equal(DropReason.NotCarp, Reader.Read(arp).Drop);
    }

    [Fact]
    public void Read_OversizedFrame_IgnoresTrailingBytes()
    {
        byte[] frame = new byte[1514];
        ValidFrame().CopyTo(frame, 0);
        Assert.True(Reader.Read(frame).IsValid);
    }

    [Fact]
    public void Read_RandomGarbageAndMutations_NeverThrows()
    {
        var random = new Random(1234);
        byte[] valid = ValidFrame();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] frame = i % 2 == 0 ? new byte[random.Next(0, 120)] : (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(frame);
            }
            else
            {
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            }
            _ = Reader.Read(frame.AsSpan(0, random.Next(frame.Length + 1)));
        }
    }

    [Fact]
    public void Read_ValidFrame_AllocatesNothing()
    {
        byte[] frame = ValidFrame();
        _ = Reader.Read(frame);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _ = Reader.Read(frame);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
