using System.Collections.Immutable;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// Everything the status file and the metrics say, taken at one moment, so the two files never
/// disagree. States are spelled as in the logs (<c>INIT</c>, <c>BACKUP</c>, <c>MASTER</c>, and
/// <c>STOPPED</c> after a clean exit).
/// </summary>
internal sealed record InstanceSnapshot
{
    public const string Stopped = "STOPPED";

    public required int Pid { get; init; }
    public required string Interface { get; init; }
    public required byte Vhid { get; init; }
    public required string Vip { get; init; }
    public required string Source { get; init; }
    public required string State { get; init; }
    public string? PreviousState { get; init; }
    /// <summary>When the state began, as the time since the Unix epoch. Not a DateTime: the record's generated
    /// equality and ToString would bring DateTime's formatting, and its time-zone engine, into the binary.</summary>
    public required TimeSpan SinceEpoch { get; init; }
    /// <summary>When the snapshot was taken for writing, as the time since the Unix epoch.</summary>
    public required TimeSpan WrittenAtEpoch { get; init; }
    public string? Reason { get; init; }
    public required byte AdvBase { get; init; }
    public required byte AdvSkew { get; init; }
    public required byte EffectiveAdvSkew { get; init; }
    public required bool Preempt { get; init; }
    public string? Master { get; init; }

    public long AdvertisementsSent { get; init; }
    public long AdvertisementsReceived { get; init; }
    public long SendFailures { get; init; }
    public long GratuitousArps { get; init; }
    public long BowOuts { get; init; }
    public long TransitionsToMaster { get; init; }
    public long TransitionsToBackup { get; init; }

    /// <summary>Indexed by <see cref="DropReason"/>; <see cref="DropReason.None"/> stays 0.</summary>
    public IReadOnlyList<long> Dropped { get; init; } = new long[Enum.GetValues<DropReason>().Length];

    /// <summary>Null without --check.</summary>
    public HealthSnapshot? Health { get; init; }

    public long UpScriptRuns { get; init; }
    public long DownScriptRuns { get; init; }
    public long UpScriptFailures { get; init; }
    public long DownScriptFailures { get; init; }

    /// <summary>The drop reasons reported, in the engine's order of checks (one array: the event loop reads it on every wake-up).</summary>
    public static ImmutableArray<DropReason> DropReasons { get; } = [.. Enum.GetValues<DropReason>().AsSpan(1)];   // all but None (0, first)
}
