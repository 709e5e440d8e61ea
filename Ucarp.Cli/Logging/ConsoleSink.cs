using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Logging;

/// <summary>
/// The terminal format of log.c: <c>YYYY-MM-DDTHH:MM:SS.uuuuuu: [LEVEL] message</c> in local time,
/// or with --log-format=json one JSON object per line; warnings and errors on stderr, the rest on
/// stdout. Unlike the original (stdio buffering under a pipe), every line is flushed at once so
/// supervisors and pipes see it when it happens.
/// </summary>
internal sealed class ConsoleSink(LogFormat format) : ILogSink
{
    public void Write(LogLevel level, string message, in LogEvent details)
    {
        if (format == LogFormat.Json)
        {
            Emit(level <= LogLevel.Warning, JsonLogLine.Format(DateTime.UtcNow, level, message, details));
            return;
        }
        WriteLine(level <= LogLevel.Warning, Timestamps.DateAndTime(LocalTime.Now().DateTime) + ": "
            + Logger.Urgency(level) + message);
    }

    /// <summary>A line as it is (usage, getopt's complaints), on stderr or stdout; bytes that came in as
    /// non-UTF-8 (a path, an interface name) go out as they came.</summary>
    public static void WriteLine(bool toStderr, string line) => Emit(toStderr, SurrogateEscape.Encode(line + "\n"));

    // A closed terminal or pipe must not take the daemon down; syslog still has the line.
    private static void Emit(bool toStderr, byte[] line) =>
        _ = StandardStream.Write(toStderr ? StandardStream.Error : StandardStream.Output, line);
}
