using System.Diagnostics;
using Ucarp.Cli.CommandLine;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.CommandLine;

public sealed class ManPageTests
{
    private static string ManPage => Path.Combine(RepositoryFiles.Root, "man", "ucarp.8");

    [Fact]
    public async Task Groff_ManPage_RendersWithoutWarnings()
    {
        var start = new ProcessStartInfo("groff")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-man", "-Tutf8", "-ww", ManPage])
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Skip("groff is not installed: " + e.Message);
            return;
        }

        using (process)
        {
            CancellationToken cancel = TestContext.Current.CancellationToken;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancel);
            string stderr = await process.StandardError.ReadToEndAsync(cancel);
            await process.WaitForExitAsync(cancel);
            Assert.Equal("", stderr);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("10.1.1.252", await stdout, StringComparison.Ordinal);   // headings are overstruck, examples are not
        }
    }

    [Fact]
    public void ManPage_EveryLongOption_IsDocumented()
    {
        string source = File.ReadAllText(ManPage);
        foreach (LongOption option in UcarpOptionTable.LongOptions)
        {
            // In roff every hyphen a user types is \- (a plain - may print as a typographic hyphen).
            Assert.Contains(@"\-\-" + option.Name.Replace("-", @"\-", StringComparison.Ordinal), source, StringComparison.Ordinal);
        }

        foreach (char c in UcarpOptionTable.ShortOptions.Where(char.IsAsciiLetter))
        {
            Assert.Contains(@"\-" + c, source, StringComparison.Ordinal);
        }
    }
}
