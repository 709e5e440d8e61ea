using System.Diagnostics;
using Ucarp.Cli.CommandLine;

namespace Ucarp.Tests.CommandLine;

public sealed class ShellWordsTests
{
    private static string[] Words(string text) => [.. ShellWords.Split(text).Single().Words];

    // Each row: the text and its words, as /bin/sh splits them (checked below).
    public static TheoryData<string, string[]> Quoting { get; } = new()
    {
        { "-i eth0 -v 3", ["-i", "eth0", "-v", "3"] },
        { "  -i\teth0   ", ["-i", "eth0"] },
        { "-p 'a b'", ["-p", "a b"] },
        { "-p 'a\\b\"c$d`e'", ["-p", "a\\b\"c$d`e"] },
        { "-p \"a b\"", ["-p", "a b"] },
        { "-p \"q\\\" s\\\\ d\\$ b\\`\"", ["-p", "q\" s\\ d$ b`"] },
        { "-p \"\\n\\a\"", ["-p", "\\n\\a"] },                 // other backslashes stay in double quotes
        { "-p a\\ b", ["-p", "a b"] },
        { "-p \\$\\;\\'\\\"\\\\", ["-p", "$;'\"\\"] },
        { "-p pass'wo'\"rd\"x", ["-p", "passwordx"] },   // quoted parts join one word
        { "-x '' -z", ["-x", "", "-z"] },                       // an empty quoted word is a word
        { "-x \"\"", ["-x", ""] },
        { "-p a#b # a comment", ["-p", "a#b"] },              // # inside a word is not a comment
        { "-p '#' \\#x", ["-p", "#", "#x"] },
    };

    // Where we differ from sh on purpose.
    public static TheoryData<string, string[]> Deliberate { get; } = new()
    {
        { "-u /etc/*.sh -d ~/down", ["-u", "/etc/*.sh", "-d", "~/down"] },   // no globbing, no tilde
        { "-z\r", ["-z"] },                                                  // CRLF line ends
        { "-a 10.0.0.1 \\", ["-a", "10.0.0.1", "\\"] },                  // a backslash ending the text stays
    };

    [Theory]
    [MemberData(nameof(Quoting))]
    [MemberData(nameof(Deliberate))]
    public void Split_OneLine_Words(string text, string[] expected) =>
        Assert.Equal(expected, Words(text));

    [Theory]
    [MemberData(nameof(Quoting))]
    public void Split_OneLine_AsShSplitsIt(string text, string[] expected)
    {
        ProcessStartInfo start = new("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("printf '[%s]' " + text);
        using Process sh = Process.Start(start)!;
        string output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();

        Assert.Equal(string.Concat(expected.Select(w => $"[{w}]")), output);
    }

    [Fact]
    public void Split_CommentsBlankLinesAndContinuations_CommandsWithTheirFirstLine()
    {
        List<ShellLine> lines = ShellWords.Split(
            "# instances\n\n   \n-v 1 -a x # first\n\t# indented comment\n-v 2 \\\n  -a y\n-v 3 \"a\\\nb\" 'c'");

        Assert.Equal([4, 6, 8], lines.Select(l => l.Number));
        Assert.Equal(["-v", "1", "-a", "x"], lines[0].Words);
        Assert.Equal(["-v", "2", "-a", "y"], lines[1].Words);
        Assert.Equal(["-v", "3", "ab", "c"], lines[2].Words);
        Assert.All(lines, l => Assert.Null(l.Error));
    }

    [Fact]
    public void Split_CommentEndingInBackslash_DoesNotContinue()
    {
        List<ShellLine> lines = ShellWords.Split("-v 1 # not continued \\\n-v 2");
        Assert.Equal([["-v", "1"], ["-v", "2"]], lines.Select(l => l.Words));
    }

    [Theory]
    [InlineData("-v 1\n-p 'open\n-v 3", 2, "unterminated single quote (a quote must close on its own line)")]
    [InlineData("-p \"open", 1, "unterminated double quote (a quote must close on its own line)")]
    [InlineData("\n\n-p \"open\nclose\"", 3, "unterminated double quote (a quote must close on its own line)")]
    [InlineData("-p $SECRET", 1, "'$' would be expanded by a shell but is not here: quote it ('$' or \\$)")]
    [InlineData("-p \"$SECRET\"", 1, "'$' would be expanded by a shell but is not here: quote it ('$' or \\$)")]
    [InlineData("-u `which up`", 1, "'`' would be expanded by a shell but is not here: quote it ('`' or \\`)")]
    [InlineData("-v 1 \\\n -a x; -v 2", 2, "';' is a shell operator, which has no meaning here: quote it (';' or \\;)")]
    [InlineData("-d /down > /dev/null", 1, "'>' is a shell operator, which has no meaning here: quote it ('>' or \\>)")]
    [InlineData("-z &", 1, "'&' is a shell operator, which has no meaning here: quote it ('&' or \\&)")]
    public void Split_WhatShWouldReadDifferently_ErrorOnItsLine(string text, int line, string error)
    {
        ShellLine last = ShellWords.Split(text)[^1];
        Assert.Equal((line, error), (last.Number, last.Error));
        Assert.Empty(last.Words);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n \n# only a comment\n\t\n")]
    public void Split_NothingButBlanksAndComments_NoCommand(string text) =>
        Assert.Empty(ShellWords.Split(text));
}
