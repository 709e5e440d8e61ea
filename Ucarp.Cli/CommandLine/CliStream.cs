namespace Ucarp.Cli.CommandLine;

internal enum CliStream
{
    Stdout,
    Stderr,
}
