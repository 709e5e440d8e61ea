namespace Ucarp.Cli.CommandLine;

// The messages to print, in order, then either an exit code or the options to run with.
// Facility is the syslog setting in force when parsing stopped, for logging the messages
// themselves (null: -f none was seen); when Options is set it equals Options.Facility.
internal sealed record CliResult(IReadOnlyList<CliMessage> Messages, int? ExitCode, UcarpOptions? Options, SyslogFacility? Facility)
{
    // --instances: every instance to run (Options is the first); null for a plain command line.
    internal IReadOnlyList<UcarpOptions>? Instances { get; init; }

    internal bool ShouldRun => Options is not null;
}
