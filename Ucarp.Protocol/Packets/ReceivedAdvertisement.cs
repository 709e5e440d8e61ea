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
    /// <param name="expectedTtl">The TTL the advert must carry: 255, or 255 − hops from a peer;
    /// null for unicast to us from a non-peer, which is dropped as <see cref="DropReason.NotPeer"/>.</param>
    internal static DropReason Addressing<T>(ReadOnlySpan<UnicastPeer<T>> peers, T ownSource, T group, T source, T destination,
        out byte? expectedTtl)
        where T : IEquatable<T>
    {
        expectedTtl = CarpConstants.Ttl;
        if (peers.IsEmpty)
        {
            return destination.Equals(group) ? DropReason.None : DropReason.OtherGroup;
        }
        if (!destination.Equals(ownSource))
        {
            return DropReason.OtherGroup;
        }
        foreach (UnicastPeer<T> peer in peers)
        {
            if (peer.Address.Equals(source))
            {
                expectedTtl = peer.ExpectedTtl;
                return DropReason.None;
            }
        }
        expectedTtl = null;
        return DropReason.NotPeer;
    }

    /// <summary>
    /// The checks after the IP header, in ucarp's order: TTL (IPv6: hop limit), version, vhid,
    /// destination (group or, with peers, us from a peer), then the shape that ucarp does not check
    /// (<see cref="CarpDatagram"/>), checksum, then the digest (either of <paramref name="digest"/>
    /// and <paramref name="alternate"/>).
    /// </summary>
    /// <param name="addressing">None when sent where we listen, else OtherGroup or NotPeer.</param>
    /// <param name="expectedTtl">From <see cref="Addressing"/>: the TTL required, or null for none.</param>
    /// <param name="shaped">The datagram is one CARP advertisement (<see cref="CarpDatagram"/>).</param>
    internal static ReceivedAdvertisement Check(CarpAddress from, ReadOnlySpan<byte> carp, byte ttl, byte vhid,
        DropReason addressing, byte? expectedTtl, bool shaped, bool checksumGood, CarpDigest digest, CarpDigest? alternate)
    {
        _ = CarpHeader.TryRead(carp, out CarpHeader header);
        DropReason reason = expectedTtl is { } required && ttl != required ? DropReason.BadTtl
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
