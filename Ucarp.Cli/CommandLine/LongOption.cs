namespace Ucarp.Cli.CommandLine;

// One row of a getopt_long struct option table; flag is always NULL in ucarp, so val is returned.
internal sealed record LongOption(string Name, OptionArgument Argument, char ShortEquivalent);
