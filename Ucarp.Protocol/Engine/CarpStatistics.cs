using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Engine;

/// <summary>Counters for the SIGUSR1 status line.</summary>
public sealed class CarpStatistics
{
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];

    public long AdvertisementsSent { get; internal set; }
    public long AdvertisementsReceived { get; internal set; }
    public long SendFailures { get; internal set; }
    public long GratuitousArpsSent { get; internal set; }
    public long Transitions { get; internal set; }
    public long BowOuts { get; internal set; }

    public long Dropped(DropReason reason) => _drops[(int)reason];

    internal void CountDrop(DropReason reason) => _drops[(int)reason]++;
}
