using System.Diagnostics;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// Durations in <see cref="Stopwatch"/> timestamp units, for deadlines kept as monotonic timestamps
/// (Stopwatch.GetElapsedTime converts the other way).
/// </summary>
internal static class StopwatchTicks
{
    public static long From(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
