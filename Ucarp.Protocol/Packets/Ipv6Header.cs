using System.Buffers.Binary;

namespace Ucarp.Protocol.Packets;

/// <summary>The fixed 40-byte IPv6 header (RFC 8200); extension headers are not followed.</summary>
public readonly record struct Ipv6Header(ushort PayloadLength, byte NextHeader, byte HopLimit, UInt128 Source, UInt128 Destination)
{
    public const int Size = 40;
    public const int SourceOffset = 8;
    public const int DestinationOffset = 24;

    /// <summary>False when shorter than 40 bytes or not version 6.</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out Ipv6Header header)
    {
        if (datagram.Length < Size || datagram[0] >> 4 != 6)
        {
            header = default;
            return false;
        }
        header = new Ipv6Header(
            BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]),
            datagram[6],
            datagram[7],
            BinaryPrimitives.ReadUInt128BigEndian(datagram[SourceOffset..]),
            BinaryPrimitives.ReadUInt128BigEndian(datagram[DestinationOffset..]));
        return true;
    }

    /// <summary>Writes the header with traffic class 0 and flow label 0, as OpenBSD carp_send_ad does.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, 0x6000_0000);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], PayloadLength);
        destination[6] = NextHeader;
        destination[7] = HopLimit;
        BinaryPrimitives.WriteUInt128BigEndian(destination[SourceOffset..], Source);
        BinaryPrimitives.WriteUInt128BigEndian(destination[DestinationOffset..], Destination);
    }

    /// <summary>
    /// The checksum of <paramref name="payload"/> behind the upper-layer pseudo-header (RFC 8200
    /// §8.1: source, destination, length, next header): ICMPv6 uses it, CARP over IPv6 does not.
    /// </summary>
    public ushort UpperLayerChecksum(ReadOnlySpan<byte> payload)
    {
        Span<byte> pseudo = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt128BigEndian(pseudo, Source);
        BinaryPrimitives.WriteUInt128BigEndian(pseudo[16..], Destination);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[32..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[36..], NextHeader);
        return InternetChecksum.Compute(pseudo, payload);
    }
}
