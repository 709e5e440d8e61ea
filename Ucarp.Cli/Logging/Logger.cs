namespace Ucarp.Cli.Logging;

/// <summary>
/// ucarp's logfile(): every line goes to each sink as <c>[LEVEL] message</c>; DEBUG lines only
/// with --debug. Sinks are added as start-up learns where output may go.
/// </summary>
internal sealed class Logger
{
    private readonly List<ILogSink> _sinks = [];

    public bool DebugEnabled { get; set; }

    public void AddSink(ILogSink sink) => _sinks.Add(sink);

    public void RemoveSink(ILogSink sink) => _sinks.Remove(sink);

    public void Log(LogLevel level, string message, in LogEvent details = default)
    {
        if (level == LogLevel.Debug && !DebugEnabled)
        {
            return;
        }
        foreach (ILogSink sink in _sinks)
        {
            sink.Write(level, message, details);
        }
    }

    public void Error(string message, in LogEvent details = default) => Log(LogLevel.Error, message, details);

    public void Warning(string message, in LogEvent details = default) => Log(LogLevel.Warning, message, details);

    public void Info(string message, in LogEvent details = default) => Log(LogLevel.Info, message, details);

    public void Debug(string message, in LogEvent details = default) => Log(LogLevel.Debug, message, details);

    /// <summary>The prefix ucarp puts before every message (log.c).</summary>
    public static string Urgency(LogLevel level) => level switch
    {
        LogLevel.Error => "[ERROR] ",
        LogLevel.Warning => "[WARNING] ",
        LogLevel.Notice => "[NOTICE] ",
        LogLevel.Info => "[INFO] ",
        _ => "[DEBUG] ",
    };
}
