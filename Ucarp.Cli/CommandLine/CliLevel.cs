namespace Ucarp.Cli.CommandLine;

// The logger's levels (log.c), plus Plain for text printed as is: usage, version, getopt errors.
internal enum CliLevel
{
    Plain,
    Debug,
    Info,
    Notice,
    Warning,
    Error,
}
