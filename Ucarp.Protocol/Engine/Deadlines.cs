namespace Ucarp.Protocol.Engine;

/// <summary>Combining optional deadlines, where null means "nothing due": the engine's and the host's timers alike.</summary>
public static class Deadlines
{
    /// <summary>The sooner of two deadlines; null only when neither is set.</summary>
    public static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
