using System.Text.RegularExpressions;
using Ucarp.Tests.Fakes;
using Ucarp.Tests.Network;

namespace Ucarp.Tests;

/// <summary>./build.sh help: the first thing a newcomer types lists every command the script runs.</summary>
public sealed partial class BuildScriptTests
{
    private static ExecResult BuildSh(string command) =>
        TestNetwork.Run("/bin/bash", [Path.Combine(RepositoryFiles.Root, "build.sh"), command]);

    /// <summary>The commands of build.sh's final case statement, first alternative of each label.</summary>
    private static string[] Commands()
    {
        string script = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "build.sh"));
        string dispatch = script[script.LastIndexOf("case \"${1:-build}\" in", StringComparison.Ordinal)..];
        return [.. CaseLabel().Matches(dispatch).Select(m => m.Groups[1].Value).Where(c => c != "*")];
    }

    [GeneratedRegex(@"^    ([a-z*]+)[|)]", RegexOptions.Multiline)]
    private static partial Regex CaseLabel();

    [Theory]
    [InlineData("help")]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help_EveryCommandWithWhatItDoes_Exit0(string spelling)
    {
        ExecResult help = BuildSh(spelling);

        Assert.True(help.ExitCode == 0, help.Stderr + help.Stdout);
        Assert.Equal("", help.Stderr);
        string[] listed = [.. help.Stdout.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Length > 2 && l[2] != ' ')
            .Select(l => l.Trim().Split(' ')[0])];
        Assert.Equal(Commands().Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.All(help.Stdout.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l[2] != ' '),
            line => Assert.Matches(@"^  \S+ +\S.{10,}", line));
    }

    [Fact]
    public void UnknownCommand_UsageOnStderr_Exit1()
    {
        ExecResult unknown = BuildSh("frob");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("", unknown.Stdout);
        Assert.Contains("unknown command 'frob'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("usage: ./build.sh [COMMAND]", unknown.Stderr, StringComparison.Ordinal);
    }
}
