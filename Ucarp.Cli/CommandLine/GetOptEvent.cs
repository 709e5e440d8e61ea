namespace Ucarp.Cli.CommandLine;

/// <summary>
/// What one getopt_long call returned: the option character (the long option's val, or '?' on
/// error), *longindex (-1 for short options and errors, as glibc leaves it untouched), optarg,
/// the line glibc writes to stderr (without its newline; null when none) and optind after the
/// call. OptInd is only there so the tests can compare the whole state with glibc's.
/// </summary>
internal readonly record struct GetOptEvent(char Option, int LongIndex, string? Value, string? Error, int OptInd)
{
    public bool IsError => Error is not null;
}
