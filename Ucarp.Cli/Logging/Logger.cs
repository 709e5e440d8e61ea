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

    public void Log(LogLevel level, string message)
    {
        if (level == LogLevel.Debug && !DebugEnabled)
        {
            return;
        }
        foreach (ILogSink sink in _sinks)
        {
            sink.Write(level, message);
        }
    }

    public void Error(string message) => Log(LogLevel.Error, message);

    public void Warning(string message) => Log(LogLevel.Warning, message);

    public void Info(string message) => Log(LogLevel.Info, message);

    public void Debug(string message) => Log(LogLevel.Debug, message);

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
