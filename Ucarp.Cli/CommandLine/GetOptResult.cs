namespace Ucarp.Cli.CommandLine;

// Every getopt_long event in order, then the operands left in argv[optind..] once it returned -1.
internal sealed record GetOptResult(IReadOnlyList<GetOptEvent> Events, IReadOnlyList<string> Operands);
