namespace Ucarp.Cli.Logging;

/// <summary>
/// --instances: an instance's lines go to the process's logger (terminal, syslog) with the instance
/// named in front, <c>[eth0 vhid 3] </c>, so that one log tells many VIPs apart.
/// </summary>
internal sealed class InstanceLogSink(Logger process, string name) : ILogSink
{
    private readonly string _prefix = $"[{name}] ";

    /// <summary>A logger for one instance, writing through the process's with its name in front.</summary>
    public static Logger For(Logger process, string name)
    {
        var log = new Logger { DebugEnabled = process.DebugEnabled };
        log.AddSink(new InstanceLogSink(process, name));
        return log;
    }

    public void Write(LogLevel level, string message, in LogEvent details) => process.Log(level, _prefix + message, details);
}
