namespace Ucarp.Protocol.Engine;

/// <summary>
/// The second gratuitous ARP a new master sends a few advertisements after the first (carp.c
/// sc_delayed_arp, "to deal w/ some L3 switches"): scheduled, counted down by regular adverts
/// only, and cancelled when the host stops being master so it never leaks into a later takeover.
/// </summary>
public struct DelayedArp
{
    private int _advertsLeft;

    public readonly bool IsScheduled => _advertsLeft > 0;

    public void Schedule(int adverts) => _advertsLeft = adverts;

    public void Cancel() => _advertsLeft = 0;

    /// <summary>Counts one regular advert; true when the ARP is due now (and no longer scheduled).</summary>
    public bool CountAdvert() => IsScheduled && --_advertsLeft == 0;
}
