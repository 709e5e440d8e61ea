using System.Globalization;

namespace Ucarp.Cli.Logging;

/// <summary>
/// The terminal format of log.c: <c>YYYY-MM-DDTHH:MM:SS.uuuuuu: [LEVEL] message</c> in local time,
/// or with --log-format=json one JSON object per line; warnings and errors on stderr, the rest on
/// stdout. Unlike the original (stdio buffering under a pipe), every line is flushed at once so
/// supervisors and pipes see it when it happens.
/// </summary>
internal sealed class ConsoleSink(LogFormat format) : ILogSink
{
    private readonly Stream _stdout = Console.OpenStandardOutput();
    private readonly Stream _stderr = Console.OpenStandardError();

    public void Write(LogLevel level, string message, in LogEvent details)
    {
        byte[] line = format == LogFormat.Json
            ? JsonLogLine.Format(DateTime.UtcNow, level, message, details)
            : System.Text.Encoding.UTF8.GetBytes(
                DateTime.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + ": "
                + Logger.Urgency(level) + message + "\n");
        Stream stream = level <= LogLevel.Warning ? _stderr : _stdout;
        try
        {
            stream.Write(line);
            stream.Flush();
        }
        catch (IOException)
        {
            // A closed terminal or pipe must not take the daemon down; syslog still has the line.
        }
    }
}
