namespace Ucarp.Cli.CommandLine;

/// <summary>getopt.h has_arg: no_argument, required_argument, optional_argument.</summary>
internal enum OptionArgument
{
    None = 0,
    Required = 1,
    Optional = 2,
}
