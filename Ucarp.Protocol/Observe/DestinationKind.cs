namespace Ucarp.Protocol.Observe;

/// <summary>Where an advertisement was sent: ucarp uses a multicast group, or broadcast with <c>--nomcast</c>.</summary>
public enum DestinationKind
{
    Multicast,
    Broadcast,
    Unicast,
}
