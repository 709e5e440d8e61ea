using System.Net;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;

namespace Ucarp.Tests.CommandLine;

// Every case of the vectors file: same exit code and same messages as Debian's ucarp 1.5.2,
// except the deliberate deviations, asserted case by case below.
public sealed class CommandLineParserVectorTests : IDisposable
{
    private readonly string _passFile = Path.GetTempFileName();

    public CommandLineParserVectorTests() => File.WriteAllText(_passFile, "love\nsecond line\n");

    public void Dispose() => File.Delete(_passFile);

    // Cases where ours deliberately answers differently (documented in man/ucarp.8).
    private static readonly HashSet<string> _deviations =
    [
        "unknown long option",
        "unknown short option",
        "ambiguous prefix --d",
        "-m is not in the short option string",
        "unknown interface",
        "no arguments",
        "help",
    ];

    public static TheoryData<string> FaithfulNames => [.. CliVectors.All.Select(v => v.Name).Where(n => !_deviations.Contains(n))];

    private CliResult Parse(CliVector vector) =>
        CommandLineParser.Parse(CliVector.ProgramName, [.. vector.Argv.Select(a => a == "PASSFILE" ? _passFile : a)]);

    // "[LEVEL] text" as ucarp's logger prints it, or a plain line (getopt's).
    private static (LogLevel?, string) Expected(string line)
    {
        foreach (LogLevel level in Enum.GetValues<LogLevel>())
        {
            string prefix = $"[{level.ToString().ToUpperInvariant()}] ";
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (level, line[prefix.Length..]);
            }
        }

        return (null, line);
    }

    private static (LogLevel?, string)[] Lines(CliResult result, CliStream stream) =>
        [.. result.Messages.Where(m => m.Stream == stream).Select(m => (m.Level, m.Text))];

    [Fact]
    public void Vectors_EveryCase_IsCoveredHere()
    {
        Assert.Equal(32, CliVectors.All.Count);
        Assert.Subset(CliVectors.All.Select(v => v.Name).ToHashSet(), _deviations);
    }

    [Theory]
    [MemberData(nameof(FaithfulNames))]
    public void Parse_VectorCase_SameExitAndMessagesAsUcarp(string name)
    {
        CliVector vector = CliVectors.Get(name);

        CliResult result = Parse(vector);

        // The state switch is the daemon's first act, not the command line's.
        (LogLevel?, string)[] expected = [.. vector.Stderr.Where(l => !l.Contains("Switching to state", StringComparison.Ordinal)).Select(Expected)];
        Assert.Equal(expected, Lines(result, CliStream.Stderr));
        Assert.Empty(Lines(result, CliStream.Stdout));
        Assert.Empty(vector.Stdout);
        Assert.Equal(vector.Exit, result.ExitCode);
        Assert.Equal(vector.Exit is null, result.Options is not null);
    }

    [Theory]
    [InlineData("no arguments")]
    [InlineData("help")]
    public void Parse_HelpCase_UcarpUsageUnderOurTitle(string name)
    {
        CliVector vector = CliVectors.Get(name);

        CliResult result = Parse(vector);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Empty(Lines(result, CliStream.Stderr));
        string[] printed = [.. Lines(result, CliStream.Stdout).Select(l => l.Item2).Where(l => l.Length > 0)];
        Assert.Equal(Usage.VersionLine, printed[0]);
        Assert.StartsWith("ucarp 1.5.2 - ", vector.Stdout[0], StringComparison.Ordinal);
        Assert.Equal(vector.Stdout.Skip(1), printed.Skip(1).Take(vector.Stdout.Count - 1));
    }

    // Deviation: ucarp printed the usage on stdout and exited 0 after getopt's message.
    [Theory]
    [InlineData("unknown long option")]
    [InlineData("unknown short option")]
    [InlineData("ambiguous prefix --d")]
    public void Parse_GetoptErrorCase_GnuLineThenTryHelpAndExit1(string name)
    {
        CliVector vector = CliVectors.Get(name);

        CliResult result = Parse(vector);

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Equal(0, vector.Exit);
        Assert.Equal([(null, Assert.Single(vector.Stderr)), (null, "Try 'ucarp --help'.")], Lines(result, CliStream.Stderr));
        Assert.Empty(Lines(result, CliStream.Stdout));
        Assert.Null(result.Options);
    }

    // Deviation: -m is the short form of --mcast, as ucarp's help text always said.
    [Fact]
    public void Parse_ShortM_SetsTheGroupAndRuns()
    {
        CliResult result = Parse(CliVectors.Get("-m is not in the short option string"));

        Assert.Null(result.ExitCode);
        Assert.Equal(IPAddress.Parse("239.192.0.7"), result.Options!.Group);
        Assert.Equal(
            [(LogLevel.Warning, "Warning: no script called when going up"), (LogLevel.Warning, "Warning: no script called when going down")],
            Lines(result, CliStream.Stderr));
    }

    // Not a deviation but a split: the interface is checked by the daemon, after these lines.
    [Fact]
    public void Parse_UnknownInterface_RunsAndLeavesTheInterfaceToTheDaemon()
    {
        CliVector vector = CliVectors.Get("unknown interface");

        CliResult result = Parse(vector);

        Assert.Equal(2, vector.Exit);
        Assert.Equal([.. vector.Stderr.Take(2).Select(Expected)], Lines(result, CliStream.Stderr));
        Assert.Equal("nosuch0", result.Options!.Interface);
    }
}
