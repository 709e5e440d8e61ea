namespace Ucarp.Cli.CommandLine;

/// <summary>Every getopt_long event in order, then the operands left in argv[optind..] once it returned -1.</summary>
internal sealed record GetOptResult(IReadOnlyList<GetOptEvent> Events, IReadOnlyList<string> Operands);
