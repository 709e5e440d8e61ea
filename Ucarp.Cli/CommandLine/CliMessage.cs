using Ucarp.Cli.Logging;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// One line to print. Logged lines (a <see cref="Level"/>) get the logger's timestamp and
/// "[LEVEL] " prefix and go to syslog too; log.c sends WARNING and ERROR to stderr, the rest to
/// stdout. Plain lines (no level: usage, version, getopt's errors) are printed as they are.
/// </summary>
internal readonly record struct CliMessage(LogLevel? Level, string Text, CliStream Stream)
{
    public static CliMessage Log(LogLevel level, string text) =>
        new(level, text, level is LogLevel.Warning or LogLevel.Error ? CliStream.Stderr : CliStream.Stdout);

    public static CliMessage Out(string text) => new(null, text, CliStream.Stdout);

    public static CliMessage Err(string text) => new(null, text, CliStream.Stderr);
}
