using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>
/// One source's search for its virtual address, run a slice at a time within the HMAC budget:
/// the advert it started from (the HMAC covers its counter) and the next candidate to try.
/// </summary>
internal sealed class DiscoverySearch((CarpAddress Source, byte Vhid) key, ReadOnlySpan<byte> carp, long candidates)
{
    public (CarpAddress Source, byte Vhid) Key { get; } = key;

    public byte[] Carp { get; } = carp[..CarpHeader.Size].ToArray();

    public long Candidates { get; } = candidates;

    public long Next { get; set; }

    /// <summary>Its place in the queue of searches waiting for the budget.</summary>
    public LinkedListNode<DiscoverySearch>? Queued { get; set; }
}
