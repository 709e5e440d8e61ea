using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>
/// An alarm starting (<paramref name="Raised"/>) or clearing, with the sources involved and the evidence in words.
/// A vhid over IPv6 (<paramref name="IsIpv6"/>) is a group apart from the same vhid over IPv4.
/// </summary>
public sealed record ObserverAlarm(AlarmKind Kind, byte Vhid, bool IsIpv6, IReadOnlyList<CarpAddress> Sources, string Evidence, bool Raised)
{
    /// <summary>About the segment as a whole rather than one vhid (<see cref="Vhid"/> is 0, no sources).</summary>
    public bool IsSegmentWide => Kind is AlarmKind.TableFull or AlarmKind.LineFlood;
}
