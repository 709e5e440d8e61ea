namespace Ucarp.Protocol.Observe;

/// <summary>The excesses behind one segment-wide alarm (evictions, suppressed lines): how many since it was raised, and the last.</summary>
internal sealed class FloodTally(AlarmKind kind)
{
    public AlarmKey Key { get; } = new(kind, default, default);

    public long Count { get; set; }

    public long Last { get; set; }
}
