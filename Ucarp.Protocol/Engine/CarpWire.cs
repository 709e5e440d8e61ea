using System.Net.Sockets;
using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

/// <summary>
/// What differs between IPv4 and IPv6 CARP on the wire: the advertisement's framing, how a
/// received frame is validated, the takeover announcement (gratuitous ARP or unsolicited Neighbor
/// Advertisement) and how equal masters break their tie. The election itself is the same.
/// </summary>
public abstract class CarpWire
{
    public abstract int AdvertSize { get; }

    public abstract int AnnouncementSize { get; }

    public static CarpWire For(CarpConfig config) =>
        config.SourceAddress.AddressFamily == AddressFamily.InterNetworkV6 ? new Ipv6Wire(config) : new Ipv4Wire(config);

    /// <summary>How many frames one advertisement takes: one per unicast peer, else one.</summary>
    public virtual int Destinations => 1;

    /// <param name="destination">Which of the <see cref="Destinations"/> this frame goes to.</param>
    public abstract void WriteAdvert(Span<byte> frame, CarpHeader header, Random random, int destination);

    public abstract ReceivedAdvertisement Read(ReadOnlySpan<byte> frame);

    public abstract void WriteAnnouncement(Span<byte> frame);

    /// <summary>
    /// Between masters advertising the same interval: negative when the other one keeps the VIP,
    /// positive when it must yield to us, zero for our own address.
    /// </summary>
    public abstract int CompareTieBreak(CarpAddress other);
}
