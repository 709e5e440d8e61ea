namespace Ucarp.Protocol.Packets;

/// <summary>
/// What makes a protocol-112 datagram a CARP advertisement, the one definition the daemon's readers
/// and --observe share: a frame the daemon acts on is never one the observer calls garbage. The
/// payload is what the IP length fields give (Ethernet padding after it is not part of it); it is
/// exactly one 36-byte CARP header, version 2, type advertisement, authlen 7, in a datagram that is
/// not a fragment. ucarp 1.5.2 and OpenBSD always send that shape (carp.c carp_send_ad); ucarp
/// itself reads 36 bytes after the IP header and ignores what follows, which let a forged advert
/// carry extra bytes the observer could not read as CARP.
/// </summary>
public static class CarpDatagram
{
    private const ushort FragmentBits = 0x3FFF;   // More Fragments and the fragment offset (RFC 791)
    private const byte Ipv6FragmentHeader = 44;   // RFC 8200 4.5

    public static PayloadResult TryGetPayload(ReadOnlySpan<byte> datagram, in Ipv4Header ip, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if ((ip.FlagsAndFragment & FragmentBits) != 0)
        {
            return PayloadResult.Fragment;
        }
        if (ip.TotalLength < ip.HeaderLength)
        {
            return PayloadResult.BadLength;
        }
        if (datagram.Length < ip.TotalLength)
        {
            return PayloadResult.Truncated;
        }
        payload = datagram[ip.HeaderLength..ip.TotalLength];
        return PayloadResult.Ok;
    }

    /// <summary>The fixed header's payload; a fragment header is reported, other extension headers are payload.</summary>
    public static PayloadResult TryGetPayload(ReadOnlySpan<byte> datagram, in Ipv6Header ip, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (ip.NextHeader == Ipv6FragmentHeader)
        {
            return PayloadResult.Fragment;
        }
        if (datagram.Length < Ipv6Header.Size + ip.PayloadLength)
        {
            return PayloadResult.Truncated;
        }
        payload = datagram.Slice(Ipv6Header.Size, ip.PayloadLength);
        return PayloadResult.Ok;
    }

    /// <summary>Exactly one CARP v2 advertisement header (checksum and digest are checked elsewhere).</summary>
    public static bool IsAdvertisement(ReadOnlySpan<byte> payload) =>
        payload.Length == CarpHeader.Size && payload[0] == CarpConstants.VersionAndType && payload[3] == CarpConstants.AuthLength;
}
