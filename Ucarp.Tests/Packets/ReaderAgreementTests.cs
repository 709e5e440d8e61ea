using System.Buffers.Binary;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Observe;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Packets;

/// <summary>
/// The daemon and --observe read every frame alike: what the daemon would act on (right shape, TTL
/// and checksums) is exactly what the observer shows as intact CARP, so a forged master the daemon
/// obeys can never pass as garbage on the observer.
/// </summary>
public class ReaderAgreementTests
{
    private const int Ip = EthernetHeader.Size;

    /// <summary>The frame as each side sees it: the daemon's drop, the observer's kind; and whether they agree on "an intact advert".</summary>
    private static (DropReason Daemon, FrameKind Observer, bool Agree) Verdicts(byte[] frame, Func<byte[], ReceivedAdvertisement> daemon)
    {
        ReceivedAdvertisement advert = daemon(frame);
        ObservedFrame observed = ObservedFrame.Read(frame);
        bool daemonIntact = advert.Drop is DropReason.None or DropReason.BadDigest;
        bool observerIntact = observed.Kind == FrameKind.Carp && observed.ChecksumOk && observed.Ttl == CarpConstants.Ttl;
        return (advert.Drop, observed.Kind, daemonIntact == observerIntact);
    }

    public static TheoryData<string, string> Ipv4Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (FrameVector vector in FrameVector.All().Where(v => v.Kind == "CARP"))
        {
            foreach (string mutation in Ipv4Mutations.Keys)
            {
                data.Add(vector.ToString(), mutation);
            }
        }
        return data;
    }

    private static readonly Dictionary<string, Func<byte[], byte[]>> Ipv4Mutations = new()
    {
        ["as captured"] = f => f,
        ["ttl 254"] = f => SealIp(f, ip => ip[8] = 254),
        ["version 3"] = f => SealCarp(f, 20, c => c[0] = 0x31),
        ["type 2"] = f => SealCarp(f, 20, c => c[0] = 0x22),
        ["authlen 6"] = f => SealCarp(f, 20, c => c[3] = 6),
        ["4 bytes inside total length"] = f => SealIp([.. f, 0, 0, 0, 0], ip => BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 60)),
        ["ethernet padding after total length"] = f => [.. f, 0, 0, 0, 0],
        ["more fragments"] = f => SealIp(f, ip => ip[6] |= 0x20),
        ["fragment offset"] = f => SealIp(f, ip => ip[7] = 1),
        ["don't fragment cleared"] = f => SealIp(f, ip => ip[6] &= 0xBF),
        ["total length beyond frame"] = f => SealIp(f, ip => BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 60)),
        ["ip checksum wrong"] = f => Flip(f, Ip + 10),
        ["carp checksum wrong"] = f => Flip(f, Ip + 20 + 6),
        ["errors cancelling in one sum"] = f => Cancelling(f),
        ["ip options"] = f => WithOptions(f),
        ["truncated"] = f => f[..^1],
    };

    [Theory]
    [MemberData(nameof(Ipv4Cases))]
    public void Read_Ipv4VectorMutated_DaemonAndObserverAgree(string vectorName, string mutation)
    {
        FrameVector vector = FrameVector.All().Single(v => v.ToString() == vectorName);
        AdvertisementReader reader = ReaderFor(vector);
        byte[] frame = Ipv4Mutations[mutation](Convert.FromHexString(vector.Hex));

        (DropReason daemon, FrameKind observer, bool agree) = Verdicts(frame, f => reader.Read(f));

        Assert.True(agree, $"daemon {daemon}, observer {observer}");
    }

    [Theory]
    [InlineData("as captured", DropReason.None)]
    [InlineData("ethernet padding after total length", DropReason.None)]
    [InlineData("ip options", DropReason.None)]
    [InlineData("don't fragment cleared", DropReason.None)]
    [InlineData("4 bytes inside total length", DropReason.Malformed)]
    [InlineData("more fragments", DropReason.Malformed)]
    [InlineData("fragment offset", DropReason.Malformed)]
    [InlineData("type 2", DropReason.Malformed)]
    [InlineData("authlen 6", DropReason.Malformed)]
    [InlineData("total length beyond frame", DropReason.Malformed)]
    [InlineData("errors cancelling in one sum", DropReason.BadChecksum)]
    [InlineData("version 3", DropReason.BadVersion)]
    [InlineData("ttl 254", DropReason.BadTtl)]
    public void Read_Ipv4Mutation_DaemonVerdict(string mutation, DropReason expected)
    {
        FrameVector vector = FrameVector.All().First(v => v.Kind == "CARP");

        Assert.Equal(expected, ReaderFor(vector).Read(Ipv4Mutations[mutation](Convert.FromHexString(vector.Hex))).Drop);
    }

    public static TheoryData<int, string> Ipv6Cases()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Ipv6FrameVector.All.Count; i++)
        {
            foreach (string mutation in Ipv6Mutations.Keys)
            {
                data.Add(i, mutation);
            }
        }
        return data;
    }

    private static readonly Dictionary<string, (Func<byte[], byte[]> Mutate, DropReason Daemon)> Ipv6Mutations = new()
    {
        ["as captured"] = (f => f, DropReason.None),
        ["hop limit 254"] = (f => Set(f, Ip + 7, 254), DropReason.BadTtl),
        ["4 bytes inside payload length"] = (f => Set([.. f, 0, 0, 0, 0], Ip + 5, 40), DropReason.Malformed),
        ["ethernet padding after payload"] = (f => [.. f, 0, 0, 0, 0], DropReason.None),
        ["authlen 6"] = (f => SealCarp(f, 40, c => c[3] = 6), DropReason.Malformed),
        ["payload length beyond frame"] = (f => Set(f, Ip + 5, 40), DropReason.Malformed),
        ["carp checksum wrong"] = (f => Flip(f, Ip + 40 + 6), DropReason.BadChecksum),
        ["fragment header"] = (f => Set(f, Ip + 6, 44), DropReason.NotCarp),
    };

    [Theory]
    [MemberData(nameof(Ipv6Cases))]
    public void Read_Ipv6VectorMutated_DaemonAndObserverAgree(int index, string mutation)
    {
        Ipv6FrameVector vector = Ipv6FrameVector.All[index];
        var reader = new Ipv6AdvertisementReader(vector.Vhid, vector.Source + 1, vector.Digest(), vector.Digest(linkLocalIncluded: true));
        (Func<byte[], byte[]> mutate, DropReason expected) = Ipv6Mutations[mutation];

        (DropReason daemon, FrameKind observer, bool agree) = Verdicts(mutate(vector.Frame), f => reader.Read(f));

        Assert.True(agree, $"daemon {daemon}, observer {observer}");
        Assert.Equal(expected, daemon);
    }

    // A host other than the captured sender, configured as it was.
    private static AdvertisementReader ReaderFor(FrameVector vector) =>
        new(vector.Vhid, vector.Source + 1, vector.Group,
            new CarpDigest(System.Text.Encoding.UTF8.GetBytes(vector.Password), vector.Vhid, vector.VirtualAddress));

    private static byte[] SealIp(byte[] frame, SpanAction edit)
    {
        byte[] copy = (byte[])frame.Clone();
        Span<byte> ip = copy.AsSpan(Ip, (copy[Ip] & 0x0F) * 4);
        edit(ip);
        ip[10] = 0;
        ip[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip));
        return copy;
    }

    private static byte[] SealCarp(byte[] frame, int ipHeaderSize, SpanAction edit)
    {
        byte[] copy = (byte[])frame.Clone();
        Span<byte> carp = copy.AsSpan(Ip + ipHeaderSize, CarpHeader.Size);
        edit(carp);
        CarpHeader.SealChecksum(carp);
        return copy;
    }

    private static byte[] Set(byte[] frame, int offset, byte value)
    {
        byte[] copy = (byte[])frame.Clone();
        copy[offset] = value;
        return copy;
    }

    private static byte[] Flip(byte[] frame, int offset) => Set(frame, offset, (byte)(frame[offset] ^ 0x01));

    // +1 in the IP identification, -1 in the CARP counter's last word: ucarp's single sum over both stays 0.
    private static byte[] Cancelling(byte[] frame)
    {
        byte[] copy = (byte[])frame.Clone();
        Span<byte> id = copy.AsSpan(Ip + 4, 2);
        BinaryPrimitives.WriteUInt16BigEndian(id, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(id) + 1));
        Span<byte> word = copy.AsSpan(Ip + 20 + 14, 2);
        BinaryPrimitives.WriteUInt16BigEndian(word, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(word) - 1));
        return copy;
    }

    private static byte[] WithOptions(byte[] frame)
    {
        byte[] copy = new byte[frame.Length + 4];
        frame.AsSpan(0, Ip + 20).CopyTo(copy);
        frame.AsSpan(Ip + 20).CopyTo(copy.AsSpan(Ip + 24));
        copy[Ip] = 0x46;
        copy.AsSpan(Ip + 20, 4).Fill(1);   // NOP options
        return SealIp(copy, ip => BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 60));
    }

    private delegate void SpanAction(Span<byte> bytes);
}
