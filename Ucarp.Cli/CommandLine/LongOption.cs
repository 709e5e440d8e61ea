namespace Ucarp.Cli.CommandLine;

/// <summary>One row of a getopt_long struct option table; flag is always NULL in ucarp, so val is returned.</summary>
internal sealed record LongOption(string Name, OptionArgument Argument, char ShortEquivalent);
