using Ucarp.Protocol.Auth;

namespace Ucarp.Protocol.Packets;

/// <summary>
/// Builds the 90-byte Ethernet frame of one IPv6 advertisement as OpenBSD's carp_send_ad does:
/// traffic class and flow label 0, next header 112, hop limit 255, to ff02::12, and the CARP
/// checksum over the 36-byte CARP header alone (no pseudo-header, in OpenBSD and FreeBSD alike).
/// The Ethernet source is the same 00:00:5e:00:00:vhid as ucarp's IPv4 adverts: receivers never
/// check it, and one choice for both families keeps switches' tables simple.
/// </summary>
public static class Ipv6AdvertisementFrame
{
    public const int Size = EthernetHeader.Size + Ipv6Header.Size + CarpHeader.Size;

    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    /// <param name="header">vhid, advbase, advskew and counter to send.</param>
    /// <param name="source">The sender's <c>--srcip</c>.</param>
    /// <param name="digest">The keyed digest OpenBSD sends (HMAC_NOV6LL).</param>
    public static void Write(Span<byte> destination, CarpHeader header, UInt128 source, CarpDigest digest) =>
        Write(destination, header, source, CarpConstants.Ipv6Group, digest);

    /// <param name="to">The IPv6 destination: ff02::12, or a unicast peer (--peer). A peer's frame leaves
    /// without its Ethernet header (the kernel routes it), so its MAC is left zero, as for IPv4.</param>
    public static void Write(Span<byte> destination, CarpHeader header, UInt128 source, UInt128 to, CarpDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        Span<byte> frame = destination[..Size];
        MacAddress mac = to == CarpConstants.Ipv6Group ? MacAddress.ForIpv6Group(CarpConstants.Ipv6Group) : default;
        new EthernetHeader(mac, MacAddress.VirtualRouter(header.Vhid), EthernetHeader.EtherTypeIpv6).WriteTo(frame);
        new Ipv6Header(CarpHeader.Size, CarpConstants.IpProtocol, CarpConstants.Ttl, source, to).WriteTo(frame[EthernetHeader.Size..]);
        Span<byte> carp = frame[(EthernetHeader.Size + Ipv6Header.Size)..];
        header.WriteTo(carp);
        digest.Compute(carp.Slice(CarpHeader.CounterOffset, 8), carp.Slice(CarpHeader.DigestOffset, CarpHeader.DigestSize));
        CarpHeader.SealChecksum(carp);
    }
}
