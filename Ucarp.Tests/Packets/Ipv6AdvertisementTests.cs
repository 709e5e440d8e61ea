using System.Buffers.Binary;
using System.Text.Json;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Packets;

public class Ipv6AdvertisementTests
{
    private const int Carp = EthernetHeader.Size + Ipv6Header.Size;

    public static TheoryData<int> Vectors => [.. Enumerable.Range(0, Ipv6FrameVector.All.Count)];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Write_GeneratorVector_SameBytes(int index)
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[index];
        byte[] built = new byte[Ipv6AdvertisementFrame.Size];
        Ipv6AdvertisementFrame.Write(built, vector.Header, vector.Source, vector.Digest());
        Assert.Equal(Convert.ToHexString(vector.Frame), Convert.ToHexString(built));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Read_GeneratorVector_IsValidWithSourceAndHeader(int index)
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[index];
        ReceivedAdvertisement advert = Reader(vector).Read(vector.Frame);
        Assert.Equal(DropReason.None, advert.Drop);
        Assert.Equal(new CarpAddress(vector.Source, true), advert.Source);
        Assert.Equal(vector.Header, advert.Header);
        Assert.Equal(255, advert.Ttl);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Digest_BothVariants_MatchGenerator(int index)
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[index];
        byte[] counter = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(counter, vector.Counter);
        byte[] digest = new byte[20];
        vector.Digest().Compute(counter, digest);
        Assert.Equal(vector.HmacSent, digest);
        vector.Digest(linkLocalIncluded: true).Compute(counter, digest);
        Assert.Equal(vector.HmacWithLinkLocal, digest);
    }

    [Fact]
    public void Read_LinkLocalVipSignedWithAddressIncluded_AcceptedOnlyWithTheAlternate()
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All.First(v => new CarpAddress(v.Vip, true).IsLinkLocal);
        Assert.NotEqual(vector.HmacSent, vector.HmacWithLinkLocal);
        byte[] frame = Resign(vector.Frame, vector.HmacWithLinkLocal);

        Assert.True(Reader(vector).Read(frame).IsValid);
        var strict = new Ipv6AdvertisementReader(vector.Vhid, 1, vector.Digest(), null);
        Assert.Equal(DropReason.BadDigest, strict.Read(frame).Drop);
    }

    [Fact]
    public void Read_SourceChanged_ChecksumStillGood_NoPseudoHeader()
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[0];
        byte[] frame = (byte[])vector.Frame.Clone();
        frame[EthernetHeader.Size + Ipv6Header.SourceOffset + 15] ^= 0x55;
        Assert.True(Reader(vector).Read(frame).IsValid);
    }

    [Fact]
    public void Read_EveryDropReason_InIpv4Order()
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[0];
        Ipv6AdvertisementReader reader = Reader(vector);
        Assert.Equal(DropReason.TooShort, reader.Read(vector.Frame.AsSpan(0, vector.Frame.Length - 1)).Drop);
        Assert.Equal(DropReason.NotCarp, reader.Read(Changed(vector, 12, 0x08)).Drop);                     // EtherType IPv4
        Assert.Equal(DropReason.NotCarp, reader.Read(Changed(vector, EthernetHeader.Size, 0x40)).Drop);    // IP version 4
        Assert.Equal(DropReason.NotCarp, reader.Read(Changed(vector, EthernetHeader.Size + 6, 58)).Drop);  // ICMPv6
        Assert.Equal(DropReason.OwnSource, new Ipv6AdvertisementReader(vector.Vhid, vector.Source, vector.Digest(), null)
            .Read(Changed(vector, EthernetHeader.Size + 7, 1)).Drop);                                           // before the hop limit
        Assert.Equal(DropReason.TooShort, reader.Read(Changed(vector, EthernetHeader.Size + 5, 35)).Drop);  // payload length
        ReceivedAdvertisement badHop = reader.Read(Changed(vector, EthernetHeader.Size + 7, 64));
        Assert.Equal((DropReason.BadTtl, (byte)64), (badHop.Drop, badHop.Ttl));
        Assert.Equal(DropReason.BadVersion, reader.Read(Changed(vector, Carp, 0x31)).Drop);
        Assert.Equal(DropReason.OtherVhid, reader.Read(Changed(vector, Carp + 1, 8)).Drop);
        Assert.Equal(DropReason.OtherGroup, reader.Read(Changed(vector, EthernetHeader.Size + Ipv6Header.DestinationOffset + 15, 0x1)).Drop);
        Assert.Equal(DropReason.BadChecksum, reader.Read(Changed(vector, Carp + 6, 0)).Drop);
        Assert.Equal(DropReason.BadDigest, reader.Read(Resign(vector.Frame, new byte[20])).Drop);
    }

    [Fact]
    public void Write_ThenRead_RoundTripsEveryHeaderField()
    {
        var digest = CarpDigest.ForIpv6("pw"u8, 200, new UInt128(0x2001_0db8_0000_0000, 0x64), false);
        var reader = new Ipv6AdvertisementReader(200, 1, digest, null);
        byte[] frame = new byte[Ipv6AdvertisementFrame.Size];
        var random = new Random(6);
        for (int i = 0; i < 200; i++)
        {
            var header = new CarpHeader(0x21, 200, (byte)random.Next(256), (byte)random.Next(256), (ulong)random.NextInt64());
            UInt128 source = new((ulong)random.NextInt64(), (ulong)random.NextInt64() | 2);
            Ipv6AdvertisementFrame.Write(frame, header, source, digest);
            ReceivedAdvertisement advert = reader.Read(frame);
            Assert.True(advert.IsValid);
            Assert.Equal((header, source), (advert.Header, advert.Source.Value));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void NeighborAdvertisement_GeneratorVector_SameBytesAndChecksumVerifies(int index)
    {
        JsonElement vector = Ipv6FrameVector.Root.GetProperty("neighbor_advertisements")[index];
        byte[] expected = Convert.FromHexString(vector.GetProperty("frame").GetString()!);
        MacAddress mac = MacAddress.Read(Convert.FromHexString(vector.GetProperty("mac").GetString()!.Replace(":", "", StringComparison.Ordinal)));
        byte[] built = new byte[NeighborAdvertisement.Size];
        NeighborAdvertisement.Write(built, mac, Ipv6FrameVector.Address(vector.GetProperty("vip")), vector.GetProperty("router").GetBoolean());

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(built));
        Assert.True(Ipv6Header.TryRead(built.AsSpan(EthernetHeader.Size), out Ipv6Header ip));
        Assert.Equal((NeighborAdvertisement.IcmpV6Protocol, CarpConstants.Ttl, CarpConstants.Ipv6AllNodes), (ip.NextHeader, ip.HopLimit, ip.Destination));
        Assert.Equal(0, ip.UpperLayerChecksum(built.AsSpan(EthernetHeader.Size + Ipv6Header.Size)));
    }

    private static Ipv6AdvertisementReader Reader(Ipv6FrameVector vector) =>
        new(vector.Vhid, 1, vector.Digest(), new CarpAddress(vector.Vip, true).IsLinkLocal ? vector.Digest(linkLocalIncluded: true) : null);

    private static byte[] Changed(Ipv6FrameVector vector, int offset, byte value)
    {
        byte[] frame = (byte[])vector.Frame.Clone();
        frame[offset] = value;
        return frame;
    }

    // A new digest with a checksum that still verifies: only the digest is wrong.
    private static byte[] Resign(byte[] original, byte[] digest)
    {
        byte[] frame = (byte[])original.Clone();
        digest.CopyTo(frame.AsSpan(Carp + CarpHeader.DigestOffset));
        CarpHeader.SealChecksum(frame.AsSpan(Carp));
        return frame;
    }
}
