using Tmds.Linux;

namespace Ucarp.Cli.Linux;

/// <summary>TimeSpan to struct timespec, to the nanosecond (a tick is 100 ns).</summary>
internal static class Timespecs
{
    public static timespec From(TimeSpan span) => new()
    {
        tv_sec = (time_t)(span.Ticks / TimeSpan.TicksPerSecond),
        tv_nsec = (long_t)(span.Ticks % TimeSpan.TicksPerSecond * 100),
    };
}
