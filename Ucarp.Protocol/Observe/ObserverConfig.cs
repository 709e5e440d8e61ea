namespace Ucarp.Protocol.Observe;

/// <summary>What the observer watches and how it checks digests.</summary>
public sealed record ObserverConfig
{
    /// <summary>Only this vhid (and VRRP router id); 0 for all.</summary>
    public byte Vhid { get; init; }

    /// <summary>Digest checking; null when no password was given (every advertiser is unchecked).</summary>
    public VipDiscovery? Discovery { get; init; }

    /// <summary>A bound on memory under a flood of forged sources; later sources are only counted.</summary>
    public int MaxAdvertisers { get; init; } = 1024;
}
