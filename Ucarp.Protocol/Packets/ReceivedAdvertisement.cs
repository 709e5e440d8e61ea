using System.Buffers.Binary;
using Ucarp.Protocol.Auth;

namespace Ucarp.Protocol.Packets;

/// <summary>What a received frame said, or why it was dropped, with the details ucarp logs.</summary>
public readonly record struct ReceivedAdvertisement(
    DropReason Drop, CarpAddress Source, CarpHeader Header, byte Ttl, uint ExpectedDigestPrefix, uint ReceivedDigestPrefix)
{
    public bool IsValid => Drop == DropReason.None;

    /// <summary>
    /// Whether an advert went where we listen: to the group, or, with unicast peers (a vhid is either
    /// multicast or unicast, as OpenBSD's carppeer), to our own address from one of the peers.
    /// </summary>
    /// <param name="ttlChecked">False for unicast to us with peers: it may be routed (FreeBSD skips the check too).</param>
    internal static DropReason Addressing<T>(ReadOnlySpan<T> peers, T ownSource, T group, T source, T destination, out bool ttlChecked)
        where T : IEquatable<T>
    {
        if (peers.IsEmpty)
        {
            ttlChecked = true;
            return destination.Equals(group) ? DropReason.None : DropReason.OtherGroup;
        }
        bool toUs = destination.Equals(ownSource);
        ttlChecked = !toUs;
        return !toUs ? DropReason.OtherGroup : peers.Contains(source) ? DropReason.None : DropReason.NotPeer;
    }

    /// <summary>
    /// The checks after the IP header, in ucarp's order: TTL (IPv6: hop limit), version, vhid,
    /// destination (group or, with peers, us from a peer), then the shape that ucarp does not check
    /// (<see cref="CarpDatagram"/>), checksum, then the digest (either of <paramref name="digest"/>
    /// and <paramref name="alternate"/>).
    /// </summary>
    /// <param name="addressing">None when sent where we listen, else OtherGroup or NotPeer.</param>
    /// <param name="ttlChecked">False for unicast from a peer: it may be routed.</param>
    /// <param name="shaped">The datagram is one CARP advertisement (<see cref="CarpDatagram"/>).</param>
    internal static ReceivedAdvertisement Check(CarpAddress from, ReadOnlySpan<byte> carp, byte ttl, byte vhid,
        DropReason addressing, bool ttlChecked, bool shaped, bool checksumGood, CarpDigest digest, CarpDigest? alternate)
    {
        _ = CarpHeader.TryRead(carp, out CarpHeader header);
        DropReason reason = ttlChecked && ttl != CarpConstants.Ttl ? DropReason.BadTtl
            : header.Version != CarpConstants.Version ? DropReason.BadVersion
            : header.Vhid != vhid ? DropReason.OtherVhid
            : addressing != DropReason.None ? addressing
            : !shaped ? DropReason.Malformed
            : !checksumGood ? DropReason.BadChecksum
            : DropReason.None;
        if (reason != DropReason.None)
        {
            return new(reason, from, header, ttl, 0, 0);
        }
        Span<byte> expected = stackalloc byte[CarpHeader.DigestSize];
        if (!digest.Verify(carp, expected) && (alternate is null || !alternate.Verify(carp, stackalloc byte[CarpHeader.DigestSize])))
        {
            return new(DropReason.BadDigest, from, header, ttl,
                BinaryPrimitives.ReadUInt32BigEndian(expected), BinaryPrimitives.ReadUInt32BigEndian(carp[CarpHeader.DigestOffset..]));
        }
        return new(DropReason.None, from, header, ttl, 0, 0);
    }
}
