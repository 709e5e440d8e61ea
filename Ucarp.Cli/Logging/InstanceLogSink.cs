namespace Ucarp.Cli.Logging;

/// <summary>
/// One instance's lines go to the process's logger (terminal, syslog) with <paramref name="prefix"/>
/// in front of the text (under --instances <c>[eth0 vhid 3] </c>, so that one log tells many VIPs
/// apart) and the instance in the JSON fields.
/// </summary>
internal sealed class InstanceLogSink(Logger process, string prefix, LogInstance instance) : ILogSink
{
    /// <summary>A logger for one instance, writing through the process's.</summary>
    public static Logger For(Logger process, string prefix, LogInstance instance)
    {
        var log = new Logger { DebugEnabled = process.DebugEnabled };
        log.AddSink(new InstanceLogSink(process, prefix, instance));
        return log;
    }

    public void Write(LogLevel level, string message, in LogEvent details) =>
        process.Log(level, prefix + message, details with { Instance = instance });
}
