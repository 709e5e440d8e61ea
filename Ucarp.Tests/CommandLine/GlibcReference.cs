using System.Diagnostics;
using System.Globalization;
using System.Text;

[assembly: AssemblyFixture(typeof(Ucarp.Tests.CommandLine.GlibcReference))]

namespace Ucarp.Tests.CommandLine;

// getopt_reference.c compiled once per test run: glibc's own getopt_long, strtoul, strtol and
// inet_pton, driven in batches through one process per call (protocol in the C file).
public sealed class GlibcReference : IDisposable
{
    private readonly string _directory;
    private readonly string _executable;

    public GlibcReference()
    {
        _directory = Directory.CreateTempSubdirectory("ucarp-getopt-").FullName;
        _executable = Path.Combine(_directory, "getopt_reference");
        string source = Path.Combine(AppContext.BaseDirectory, "CommandLine", "getopt_reference.c");
        (int exitCode, string output) = Execute("gcc", ["-O1", "-Wall", "-Wextra", "-Werror", "-o", _executable, source], "");
        GccMissing = exitCode == -1;
        BuildError = exitCode == 0 ? null : $"gcc failed ({exitCode}): {output}";
    }

    // Without gcc the comparisons are skipped; a failing build is a failure.
    public bool GccMissing { get; }

    public string? BuildError { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // One transcript per argv (see GetOptTranscript); argv[0] is the program name.
    public IReadOnlyList<string> GetOpt(GetOptTable table, IEnumerable<IReadOnlyList<string>> argvs)
    {
        var input = new StringBuilder();
        foreach (IReadOnlyList<string> argv in argvs)
        {
            input.Append(table == GetOptTable.Original ? "Torig\n" : "Tours\n");
            foreach (string arg in argv)
            {
                input.Append('x').Append(Hex(arg)).Append('\n');
            }

            input.Append(".\n");
        }

        var transcripts = new List<string>();
        var current = new StringBuilder();
        foreach (string line in Run(input.ToString()))
        {
            current.Append(line).Append('\n');
            if (line == ".")
            {
                transcripts.Add(current.ToString());
                current.Clear();
            }
        }

        return transcripts;
    }

    public IReadOnlyList<(ulong StrToUl, long StrToL)> StrToUl(IReadOnlyList<string> texts)
    {
        string input = string.Concat(texts.Select(t => $"N{Hex(t)}\n"));
        return [.. Run(input).Select(line =>
        {
            string[] parts = line.Split(' ');
            return (ulong.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
        })];
    }

    // null when inet_pton returns 0, else the four bytes.
    public IReadOnlyList<byte[]?> InetPton(IReadOnlyList<string> texts)
    {
        string input = string.Concat(texts.Select(t => $"A{Hex(t)}\n"));
        return [.. Run(input).Select(line =>
        {
            string[] parts = line.Split(' ');
            return parts[1] == "1" ? Convert.FromHexString(parts[2]) : null;
        })];
    }

    internal static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));

    private string[] Run(string input)
    {
        Assert.SkipWhen(GccMissing, "gcc is not installed");
        Assert.Null(BuildError);
        (int exitCode, string output) = Execute(_executable, [], input);
        Assert.Equal(0, exitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static (int ExitCode, string Output) Execute(string file, IReadOnlyList<string> args, string input)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // glibc switches to REQUIRE_ORDER under POSIXLY_CORRECT; ucarp is never run that way here.
        start.Environment.Remove("POSIXLY_CORRECT");
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(input);
            process.StandardInput.Close();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
