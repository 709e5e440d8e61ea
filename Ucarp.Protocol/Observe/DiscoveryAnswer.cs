using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>
/// What a finished search found for a source and vhid (null: no candidate matched), and when. A class,
/// so that the answers share the dictionary code of the searches (same key, reference values).
/// </summary>
internal sealed class DiscoveryAnswer(CarpAddress? vip, long searchedAt)
{
    public CarpAddress? Vip { get; } = vip;

    public long SearchedAt { get; } = searchedAt;
}
