using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Logging;

/// <summary>syslog(3) with ident <c>ucarp</c>, LOG_PID and the chosen facility; lines as <c>[LEVEL] message</c>.</summary>
internal sealed class SyslogSink : ILogSink, IDisposable
{
    public SyslogSink(int facility) => Syslog.Open("ucarp", facility);

    public void Write(LogLevel level, string message, in LogEvent details) => Syslog.Write((int)level, Logger.Urgency(level) + message);

    public void Dispose() => Syslog.Close();
}
