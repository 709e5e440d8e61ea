namespace Ucarp.Cli.Logging;

/// <summary>ucarp's log levels; the values are the syslog priorities (syslog.h).</summary>
internal enum LogLevel
{
    Error = 3,
    Warning = 4,
    Notice = 5,
    Info = 6,
    Debug = 7,
}
