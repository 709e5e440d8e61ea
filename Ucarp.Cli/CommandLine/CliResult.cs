namespace Ucarp.Cli.CommandLine;

/// <summary>
/// The messages to print, in order, then either an exit code or the options to run with.
/// <see cref="Facility"/> is the syslog setting in force when parsing stopped (null: -f none was
/// seen, and no other -f undoes it, as in ucarp): the messages themselves and the daemon log there.
/// </summary>
internal sealed record CliResult(IReadOnlyList<CliMessage> Messages, int? ExitCode, UcarpOptions? Options, SyslogFacility? Facility)
{
    /// <summary>--instances: every instance to run (Options is the first); null for a plain command line.</summary>
    public IReadOnlyList<UcarpOptions>? Instances { get; init; }
}
