using System.Diagnostics;
using Ucarp.Cli.CommandLine;

namespace Ucarp.Tests.CommandLine;

public sealed class UsageTests
{
    private const string DebianUcarp = "/usr/sbin/ucarp";

    // The whole help text against Debian's binary (when installed), apart from the title
    // and our added --version line.
    [Fact]
    public async Task Lines_AgainstDebianBinary_SameButTitleAndVersionLine()
    {
        Assert.SkipUnless(File.Exists(DebianUcarp), DebianUcarp + " is not installed");
        var start = new ProcessStartInfo(DebianUcarp, "-h") { RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        string[] original = output.Split('\n')[..^1];   // the text ends with a newline

        string[] ours = [.. Usage.Lines.Where(l => !l.StartsWith("--version", StringComparison.Ordinal))];

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("ucarp 1.5.2 - ", original[1], StringComparison.Ordinal);
        Assert.Equal(Usage.VersionLine, ours[1]);
        Assert.Equal(original.Where((_, i) => i != 1), ours.Where((_, i) => i != 1));
    }

    [Fact]
    public void Lines_EveryLongOption_HasItsLine()
    {
        foreach (LongOption option in UcarpOptionTable.LongOptions)
        {
            string name = option.Name == "mcastip" ? "mcast" : option.Name;   // documented by its usual prefix
            Assert.Contains(Usage.Lines, l => l.StartsWith($"--{name}", StringComparison.Ordinal) && l.Contains($"(-{option.ShortEquivalent}", StringComparison.Ordinal));
        }
    }
}
