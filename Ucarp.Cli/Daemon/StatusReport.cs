using System.Globalization;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Daemon;

/// <summary>The SIGUSR1 lines: the original's status line, then our counters.</summary>
internal static class StatusReport
{
    /// <summary>carp.c: any state other than BACKUP prints MASTER.</summary>
    public static string StatusLine(CarpState state, string interfaceName, byte vhid) =>
        string.Create(CultureInfo.InvariantCulture, $"{(state == CarpState.Backup ? "BACKUP" : "MASTER")} on {interfaceName} id {vhid}");

    public static string CountersLine(CarpEngine engine)
    {
        CarpStatistics s = engine.Statistics;
        return string.Create(CultureInfo.InvariantCulture,
            $"Counters: adverts sent {s.AdvertisementsSent}, received {s.AdvertisementsReceived}, send failures {s.SendFailures}, " +
            $"gratuitous arps {s.GratuitousArpsSent}, bow-outs {s.BowOuts}, transitions {s.Transitions}; " +
            $"bad packets: ttl {s.Dropped(DropReason.BadTtl)}, version {s.Dropped(DropReason.BadVersion)}, " +
            $"checksum {s.Dropped(DropReason.BadChecksum)}, digest {s.Dropped(DropReason.BadDigest)}, " +
            $"other vhid {s.Dropped(DropReason.OtherVhid)}, other group {s.Dropped(DropReason.OtherGroup)}, " +
            $"short {s.Dropped(DropReason.TooShort)}, not peer {s.Dropped(DropReason.NotPeer)}, malformed {s.Dropped(DropReason.Malformed)}, replay {s.Dropped(DropReason.Replay)}; " +
            $"{engine.State.ToString().ToUpperInvariant()} for {DurationText.Seconds(engine.TimeInState, 3)} s");
    }

    /// <summary>With --check: the health and the check's results so far.</summary>
    public static string HealthLine(HealthTracker tracker, CarpEngine engine) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Health: {(tracker.Healthy switch { true => "healthy", false => "unhealthy", null => "unknown" })}, " +
            $"advskew {engine.EffectiveAdvSkew}, consecutive failures {tracker.ConsecutiveFailures}; " +
            $"checks passed {tracker.Runs(CheckResult.Passed)}, failed {tracker.Runs(CheckResult.Failed)}, " +
            $"timed out {tracker.Runs(CheckResult.TimedOut)}");
}
