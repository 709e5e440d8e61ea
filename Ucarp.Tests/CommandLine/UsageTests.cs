using System.Diagnostics;
using Ucarp.Cli.CommandLine;

namespace Ucarp.Tests.CommandLine;

public sealed class UsageTests
{
    private const string DebianUcarp = "/usr/sbin/ucarp";

    // The whole help text against Debian's binary (when installed), apart from the title,
    // our added --version line and the block of our long-only options.
    [Fact]
    public async Task Lines_AgainstDebianBinary_SameButTitleVersionLineAndExtensions()
    {
        Assert.SkipUnless(File.Exists(DebianUcarp), DebianUcarp + " is not installed");
        var start = new ProcessStartInfo(DebianUcarp, "-h") { RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        string[] original = output.Split('\n')[..^1];   // the text ends with a newline

        List<string> lines = [.. Usage.Lines];
        int extensions = lines.IndexOf(Usage.ExtensionLines[0]);
        Assert.Equal(Usage.ExtensionLines, lines.GetRange(extensions, Usage.ExtensionLines.Count));
        lines.RemoveRange(extensions, Usage.ExtensionLines.Count);
        string[] ours = [.. lines.Where(l => !l.StartsWith("--version", StringComparison.Ordinal))];

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("ucarp 1.5.2 - ", original[1], StringComparison.Ordinal);
        Assert.Equal(Usage.VersionLine, ours[1]);
        Assert.Equal(original.Where((_, i) => i != 1), ours.Where((_, i) => i != 1));
    }

    [Fact]
    public void Lines_SaySourceVipAndPeerTakeIpv6() =>
        Assert.Contains(Usage.Lines, l => l.StartsWith("IPv6: ", StringComparison.Ordinal)
            && l.Contains("-s", StringComparison.Ordinal) && l.Contains("-a", StringComparison.Ordinal) && l.Contains("--peer", StringComparison.Ordinal));

    [Fact]
    public void Lines_EveryLongOption_HasItsLine()
    {
        foreach (LongOption option in UcarpOptionTable.LongOptions)
        {
            string name = option.Name == "mcastip" ? "mcast" : option.Name;   // documented by its usual prefix
            bool longOnly = option.ShortEquivalent > byte.MaxValue;
            Assert.Contains(Usage.Lines, l => l.StartsWith($"--{name}", StringComparison.Ordinal)
                && (longOnly ? !l.Contains("(-", StringComparison.Ordinal) : l.Contains($"(-{option.ShortEquivalent}", StringComparison.Ordinal)));
        }
    }
}
