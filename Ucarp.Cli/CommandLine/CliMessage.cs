namespace Ucarp.Cli.CommandLine;

// One line to print. Logged lines (Level != Plain) get the logger's timestamp and "[LEVEL] "
// prefix and go to syslog too; log.c sends WARNING and ERROR to stderr, the rest to stdout.
internal readonly record struct CliMessage(CliLevel Level, string Text, CliStream Stream)
{
    internal static CliMessage Log(CliLevel level, string text) =>
        new(level, text, level is CliLevel.Warning or CliLevel.Error ? CliStream.Stderr : CliStream.Stdout);

    internal static CliMessage Out(string text) => new(CliLevel.Plain, text, CliStream.Stdout);

    internal static CliMessage Err(string text) => new(CliLevel.Plain, text, CliStream.Stderr);
}
