namespace Ucarp.Cli.Logging;

/// <summary>One destination of log lines: the terminal, syslog, or the -B readiness pipe.</summary>
internal interface ILogSink
{
    void Write(LogLevel level, string message);
}
