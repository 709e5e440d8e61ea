namespace Ucarp.Protocol.Packets;

/// <summary>
/// A --peer: its address and how many routers lie between us. Its adverts must arrive with
/// TTL (hop limit) exactly 255 − <see cref="Hops"/>, as RFC 5082's security mechanism has it:
/// the digest does not cover the source address, so only the TTL keeps a captured advert from being
/// replayed in a peer's name from off-link. A plain struct, not a record: a record's generated
/// members, per address type, would weigh on the static binary.
/// </summary>
public readonly struct UnicastPeer<T>(T address, byte hops)
{
    public T Address { get; } = address;

    public byte Hops { get; } = hops;

    public byte ExpectedTtl => (byte)(CarpConstants.Ttl - Hops);
}
