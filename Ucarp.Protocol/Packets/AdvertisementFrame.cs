using Ucarp.Protocol.Auth;

namespace Ucarp.Protocol.Packets;

/// <summary>Builds the 70-byte Ethernet frame of one advertisement, byte for byte as ucarp's carp_send_ad.</summary>
public static class AdvertisementFrame
{
    public const int IpLength = Ipv4Header.MinSize + CarpHeader.Size;
    public const int Size = EthernetHeader.Size + IpLength;

    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    /// <param name="header">vhid, advbase, advskew and counter to send.</param>
    /// <param name="source">The sender's <c>--srcip</c>.</param>
    /// <param name="group">The IP destination: the group address, also with nomcast, or a unicast peer.</param>
    /// <param name="broadcast">nomcast: Ethernet broadcast instead of the group's multicast MAC.</param>
    /// <param name="ipId">The IP identification (ucarp draws it at random per frame).</param>
    /// <param name="digest">The keyed digest for this vhid, password and virtual address.</param>
    public static void Write(Span<byte> destination, CarpHeader header, uint source, uint group, bool broadcast,
        ushort ipId, CarpDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        Span<byte> frame = destination[..Size];
        // A unicast peer's MAC is the kernel's to resolve (the frame goes out through an IP socket
        // without its Ethernet header), so it stays zero here.
        MacAddress to = broadcast ? MacAddress.Broadcast : Ipv4.IsMulticast(group) ? MacAddress.ForIpv4Group(group) : default;
        new EthernetHeader(to, MacAddress.VirtualRouter(header.Vhid), EthernetHeader.EtherTypeIpv4).WriteTo(frame);
        new Ipv4Header(Ipv4Header.MinSize, CarpConstants.TypeOfService, IpLength, ipId, Ipv4Header.DontFragment,
            CarpConstants.Ttl, CarpConstants.IpProtocol, source, group).WriteTo(frame[EthernetHeader.Size..]);
        Span<byte> carp = frame[(EthernetHeader.Size + Ipv4Header.MinSize)..];
        header.WriteTo(carp);
        digest.Compute(carp.Slice(CarpHeader.CounterOffset, 8), carp.Slice(CarpHeader.DigestOffset, CarpHeader.DigestSize));
        CarpHeader.SealChecksum(carp);
    }
}
