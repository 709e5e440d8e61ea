namespace Ucarp.Protocol.Observe;

/// <summary>What the observer watches and how it checks digests.</summary>
public sealed record ObserverConfig
{
    /// <summary>Only this vhid (and VRRP router id); 0 for all.</summary>
    public byte Vhid { get; init; }

    /// <summary>Digest checking; null when no password was given (every advertiser is unchecked).</summary>
    public VipDiscovery? Discovery { get; init; }

    /// <summary>A bound on memory under a flood of forged sources: a new source beyond it evicts the least recently heard.</summary>
    public int MaxAdvertisers { get; init; } = 1024;

    /// <summary>Advertiser lines (new, changed, and the bad-ttl and counter-replay alarms of one source) a second, beyond a burst of <see cref="LineBurst"/>.</summary>
    public int LinesPerSecond { get; init; } = 10;

    /// <inheritdoc cref="LinesPerSecond"/>
    public int LineBurst { get; init; } = 100;

    /// <summary>A table-full or line-flood alarm clears after this long without an eviction or a suppressed line.</summary>
    public TimeSpan FloodQuiet { get; init; } = TimeSpan.FromSeconds(10);
}
