using Ucarp.Cli.Monitoring;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Monitoring;

/// <summary>A snapshot whose every number is distinct, so a field written from the wrong source shows.</summary>
internal static class SnapshotSamples
{
    public static readonly DateTime Since = new DateTime(2026, 11, 27, 8, 55, 36, DateTimeKind.Utc).AddTicks(1234560);

    public static readonly DateTime WrittenAt = new DateTime(2026, 11, 27, 9, 1, 2, DateTimeKind.Utc).AddTicks(6543210);

    public static InstanceSnapshot Master(string interfaceName = "eth0")
    {
        var dropped = new long[Enum.GetValues<DropReason>().Length];
        foreach (DropReason reason in InstanceSnapshot.DropReasons)
        {
            dropped[(int)reason] = 100 + (int)reason;
        }
        return new InstanceSnapshot
        {
            Pid = 4242,
            Interface = interfaceName,
            Vhid = 7,
            Vip = "198.18.0.100",
            Source = "198.18.0.1",
            State = "MASTER",
            PreviousState = "BACKUP",
            SinceEpoch = Since - DateTime.UnixEpoch,
            Reason = "MasterDown",
            WrittenAtEpoch = WrittenAt - DateTime.UnixEpoch,
            AdvBase = 2,
            AdvSkew = 10,
            EffectiveAdvSkew = 240,
            Preempt = true,
            Master = "198.18.0.1",
            AdvertisementsSent = 11,
            AdvertisementsReceived = 12,
            SendFailures = 13,
            GratuitousArps = 14,
            BowOuts = 15,
            TransitionsToMaster = 1,
            TransitionsToBackup = 2,   // the status file's transitions: 3
            Dropped = dropped,
            UpScriptRuns = 21,
            DownScriptRuns = 22,
            UpScriptFailures = 23,
            DownScriptFailures = 24,
        };
    }

    /// <summary>A master run with --check, demoted for it.</summary>
    public static InstanceSnapshot Unhealthy() => Master() with { Health = new HealthSnapshot(false, 31, [32, 33, 34], CheckStuck: true) };
}
