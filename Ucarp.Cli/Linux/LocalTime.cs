using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// The local time of the original's log lines: glibc's localtime_r, which reads TZ and /etc/localtime.
/// DateTime.Now gives the same answer through a time-zone engine of its own (TimeZoneInfo and the
/// formatting around it), a tenth of the binary.
/// </summary>
internal static class LocalTime
{
    public static DateTimeOffset Now() => At(DateTime.UtcNow);

    /// <summary>The local clock reading and offset at an instant given in UTC; UTC itself if libc cannot tell.</summary>
    public static unsafe DateTimeOffset At(DateTime utc)
    {
        long seconds = (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
        tm local;
        TimeSpan offset = localtime_r(&seconds, &local) != null ? TimeSpan.FromSeconds(local.tm_gmtoff) : TimeSpan.Zero;
        return new DateTimeOffset(utc.Ticks + offset.Ticks, offset);
    }
}
