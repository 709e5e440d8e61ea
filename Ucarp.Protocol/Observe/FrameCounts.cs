namespace Ucarp.Protocol.Observe;

/// <summary>Every frame the observer was handed, by what it was.</summary>
public sealed class FrameCounts
{
    private readonly long[] _byKind = new long[Enum.GetValues<FrameKind>().Length];

    public long Total { get; private set; }

    /// <summary>Advertisements whose IP or CARP/VRRP checksum is wrong: counted, not attributed.</summary>
    public long BadChecksum { get; internal set; }

    /// <summary>Advertisements for another vhid than <c>--vhid</c>.</summary>
    public long OtherVhid { get; internal set; }

    /// <summary>Advertisements from a new source that evicted the least recently heard advertiser (the table held <see cref="ObserverConfig.MaxAdvertisers"/>).</summary>
    public long Evicting { get; internal set; }

    public long this[FrameKind kind] => _byKind[(int)kind];

    internal void Count(FrameKind kind)
    {
        Total++;
        _byKind[(int)kind]++;
    }
}
