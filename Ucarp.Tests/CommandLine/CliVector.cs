namespace Ucarp.Tests.CommandLine;

// One case of the vectors file. Exit is null when the real binary was still running.
public sealed record CliVector(string Name, IReadOnlyList<string> Argv, int? Exit, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    // The program name the vectors were recorded with (it appears in getopt's messages).
    public const string ProgramName = "/usr/sbin/ucarp";

    public string[] FullArgv => [ProgramName, .. Argv];
}
