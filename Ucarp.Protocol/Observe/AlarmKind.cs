namespace Ucarp.Protocol.Observe;

/// <summary>The problems the observer recognises on a segment.</summary>
public enum AlarmKind
{
    /// <summary>Two sources advertise one vhid for more than three of their intervals.</summary>
    TwoMasters,
    /// <summary>Advertisers of one vhid were signed with different passwords or virtual addresses.</summary>
    DigestMismatch,
    /// <summary>An advertisement arrived with a TTL other than 255: a router or a tunnel in between.</summary>
    BadTtl,
    /// <summary>A source's counter, after increasing, repeated or went backwards.</summary>
    CounterReplay,
    /// <summary>VRRP and CARP advertise the same id.</summary>
    VrrpCollision,
    /// <summary>More advertisers than <see cref="ObserverConfig.MaxAdvertisers"/>: the least recently heard are evicted (a flood of forged sources).</summary>
    TableFull,
    /// <summary>More advertiser lines than <see cref="ObserverConfig.LinesPerSecond"/> allows: the excess is counted, not printed.</summary>
    LineFlood,
}
