using Ucarp.Protocol;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// --check and its tuning; UcarpOptions.HealthCheck is null without --check. Defaults are
/// keepalived's track_script ones where it has them (fall 3, rise 2).
/// </summary>
internal sealed record HealthCheckOptions
{
    public const uint MaxSeconds = 86400;
    public const int MaxCount = 1000;

    /// <summary>Run through /bin/sh -c.</summary>
    public string Command { get; init; } = "";

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>null: the interval, so that at most one check runs at a time without waiting.</summary>
    public TimeSpan? Timeout { get; init; }

    public TimeSpan EffectiveTimeout => Timeout ?? Interval;

    public int Fall { get; init; } = 3;

    public int Rise { get; init; } = 2;

    /// <summary>Added to the advskew while unhealthy; the engine caps the sum at 240.</summary>
    public byte Demote { get; init; } = CarpConstants.PenaltyAdvSkew;
}
