namespace Ucarp.Cli.Logging;

/// <summary>One destination of log lines: the terminal, syslog, or the -B readiness pipe.</summary>
internal interface ILogSink
{
    /// <summary>Writes one line; <paramref name="details"/> is for sinks that keep structure (JSON).</summary>
    void Write(LogLevel level, string message, in LogEvent details);
}
