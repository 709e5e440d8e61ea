using System.Globalization;

namespace Ucarp.Cli.Logging;

/// <summary>
/// The terminal format of log.c: <c>YYYY-MM-DDTHH:MM:SS.uuuuuu: [LEVEL] message</c> in local time,
/// warnings and errors on stderr, the rest on stdout. Unlike the original (stdio buffering under a
/// pipe), every line is flushed at once so supervisors and pipes see it when it happens.
/// </summary>
internal sealed class ConsoleSink : ILogSink
{
    private readonly Stream _stdout = Console.OpenStandardOutput();
    private readonly Stream _stderr = Console.OpenStandardError();

    public void Write(LogLevel level, string message)
    {
        DateTime now = DateTime.Now;
        string line = now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + ": "
            + Logger.Urgency(level) + message + "\n";
        Stream stream = level <= LogLevel.Warning ? _stderr : _stdout;
        try
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(line));
            stream.Flush();
        }
        catch (IOException)
        {
            // A closed terminal or pipe must not take the daemon down; syslog still has the line.
        }
    }
}
