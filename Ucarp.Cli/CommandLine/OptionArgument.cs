namespace Ucarp.Cli.CommandLine;

// getopt.h has_arg: no_argument, required_argument, optional_argument.
internal enum OptionArgument
{
    None = 0,
    Required = 1,
    Optional = 2,
}
