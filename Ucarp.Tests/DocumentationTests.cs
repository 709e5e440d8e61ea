using System.Text.RegularExpressions;
using Ucarp.Cli.CommandLine;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests;

/// <summary>
/// The README and the man page say the same thing where they overlap, and quote measured figures
/// as docs/BENCHMARKS.md has them: a newcomer reads one, then the other.
/// </summary>
public sealed partial class DocumentationTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(RepositoryFiles.Root, path));

    private static readonly string Readme = Read("README.md");

    // roff writes a hyphen a user types as \-; the reader sees a plain one.
    private static readonly string ManPage = Read("man/ucarp.8").Replace(@"\-", "-", StringComparison.Ordinal);

    private static readonly string Benchmarks = Read("docs/BENCHMARKS.md");

    [Fact]
    public void EveryLongOptionOfHelp_InReadmeAndManPage()
    {
        string[] options = [.. Usage.Lines.Select(l => LongOptionAtStart().Match(l)).Where(m => m.Success).Select(m => m.Value)];
        Assert.Equal(UcarpOptionTable.LongOptions.Count, options.Length);
        Assert.All(options, option =>
        {
            Assert.Contains(option, ManPage, StringComparison.Ordinal);
            Assert.Contains(option, Readme, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void CommandLinePassword_BothSayByteForByte()
    {
        string man = Assert.Single(Sentences(ManPage), s => s.Contains("password given on the command line", StringComparison.Ordinal));
        Assert.Contains("byte for byte", man, StringComparison.Ordinal);
        string readme = Assert.Single(Readme.Split('\n'), l => l.StartsWith("| arguments |", StringComparison.Ordinal));
        Assert.Contains("a password", readme, StringComparison.Ordinal);
        Assert.Contains("byte for byte", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("UTF-8 bytes", ManPage, StringComparison.Ordinal);
        Assert.DoesNotContain("UTF-8 bytes", Readme, StringComparison.Ordinal);
    }

    [Fact]
    public void BowOutToUcarp152_MeasuredFigureNotAtOnce()
    {
        (string median, string low, string high) = Row("| ours → ucarp 1.5.2 (SIGTERM) |");
        Assert.Contains($"{median} ms ({low}–{high} ms) with a\n  ucarp 1.5.2 backup", Readme, StringComparison.Ordinal);
        Assert.Contains($"{median} ms ({low} to {high} ms)\nwith a ucarp 1.5.2 backup", ManPage, StringComparison.Ordinal);
        (string health, _, _) = Row("| ours → ucarp 1.5.2 |");
        Assert.Contains($"{health} ms to a ucarp 1.5.2 backup", Readme, StringComparison.Ordinal);
        Assert.Contains($"{health} ms to a ucarp 1.5.2 backup", ManPage, StringComparison.Ordinal);
        Assert.DoesNotContain("takes over at once", Readme, StringComparison.Ordinal);
        Assert.DoesNotContain("takes over at once", ManPage, StringComparison.Ordinal);
    }

    [Fact]
    public void HundredProcessesCpu_OneValueInTheReadme()
    {
        string[] summary = Cells(Assert.Single(Readme.Split('\n'), l => l.StartsWith("| 100 VIPs, one process each: CPU", StringComparison.Ordinal)));
        string[] manyVips = Cells(Assert.Single(Readme.Split('\n'), l => l.StartsWith("| CPU per minute, masters' host |", StringComparison.Ordinal)));
        Assert.Equal([summary[1] + " s", summary[2] + " s"], manyVips[2..4]);
    }

    private static (string Median, string Low, string High) Row(string start)
    {
        string row = Assert.Single(Benchmarks.Split('\n'), l => l.StartsWith(start, StringComparison.Ordinal));
        Match m = MedianAndRange().Match(row);
        Assert.True(m.Success, row);
        return (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
    }

    private static string[] Cells(string row) => [.. row.Trim('|').Split('|').Select(c => c.Trim())];

    private static string[] Sentences(string text) => text.Replace('\n', ' ').Split(". ");

    [GeneratedRegex(@"^--[a-z-]+")]
    private static partial Regex LongOptionAtStart();

    [GeneratedRegex(@"\| (\d+) \((\d+)–(\d+), n=\d+\)")]
    private static partial Regex MedianAndRange();
}
