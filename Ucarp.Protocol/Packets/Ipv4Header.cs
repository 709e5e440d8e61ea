using System.Buffers.Binary;

namespace Ucarp.Protocol.Packets;

/// <summary>The fields of an IPv4 header that CARP uses (RFC 791; options are skipped, not decoded).</summary>
public readonly record struct Ipv4Header(
    byte HeaderLength, byte TypeOfService, ushort TotalLength, ushort Identification,
    ushort FlagsAndFragment, byte Ttl, byte Protocol, uint Source, uint Destination)
{
    /// <summary>A header without options.</summary>
    public const int MinSize = 20;

    /// <summary>Don't Fragment, as ucarp sets it (carp.c: <c>htons(IP_DF)</c>).</summary>
    public const ushort DontFragment = 0x4000;

    public static Ipv4ReadResult TryRead(ReadOnlySpan<byte> datagram, out Ipv4Header header)
    {
        header = default;
        if (datagram.Length < MinSize)
        {
            return Ipv4ReadResult.TooShort;
        }
        if (datagram[0] >> 4 != 4)
        {
            return Ipv4ReadResult.NotIpv4;
        }
        int headerLength = (datagram[0] & 0x0F) * 4;
        if (headerLength < MinSize)
        {
            return Ipv4ReadResult.BadHeaderLength;
        }
        if (datagram.Length < headerLength)
        {
            return Ipv4ReadResult.TooShort;
        }
        header = new Ipv4Header(
            (byte)headerLength,
            datagram[1],
            BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]),
            datagram[8],
            datagram[9],
            BinaryPrimitives.ReadUInt32BigEndian(datagram[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[16..]));
        return Ipv4ReadResult.Ok;
    }

    /// <summary>Writes a 20-byte header (no options) with its checksum.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = 0x45;
        destination[1] = TypeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], TotalLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], Identification);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], FlagsAndFragment);
        destination[8] = Ttl;
        destination[9] = Protocol;
        destination[10] = 0;
        destination[11] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Source);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], Destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], InternetChecksum.Compute(destination[..MinSize]));
    }
}
