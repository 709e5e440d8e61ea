using System.Text.Json;
using System.Text.RegularExpressions;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Network;

/// <summary>
/// Every command line of vectors/ucarp-1.5.2-cli.json against the built binary, in a namespace
/// whose only interface is eth0 (198.18.0.1/24), as the vectors were captured.
/// </summary>
[Trait("Category", "Privileged")]
public sealed partial class CliVectorBinaryTests : IClassFixture<CliVectorBinaryTests.OneInterfaceHost>
{
    private readonly OneInterfaceHost _host;

    public CliVectorBinaryTests(OneInterfaceHost host) => _host = host;

    public static TheoryData<string> Cases()
    {
        using JsonDocument doc = RepositoryFiles.LoadVector("ucarp-1.5.2-cli.json");
        return new TheoryData<string>(doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("case").GetString()!));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Binary_VectorCommandLine_AnswersAsOriginalOrDocumentedDeviation(string name)
    {
        UcarpCluster.SkipUnlessPrivileged();
        using JsonDocument doc = RepositoryFiles.LoadVector("ucarp-1.5.2-cli.json");
        JsonElement vector = doc.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("case").GetString() == name);
        string[] argv = vector.GetProperty("argv").EnumerateArray().Select(a => a.GetString() == "PASSFILE" ? _host.PassFile : a.GetString()!).ToArray();
        string[] expectedStderr = vector.GetProperty("stderr").EnumerateArray().Select(a => a.GetString()!).ToArray();
        JsonElement exit = vector.GetProperty("exit");

        TestNetwork network = _host.Network!;
        using TestProcess process = network.StartProcess(network.Hosts[0].Namespace, UcarpCluster.OursBinary, argv);

        if (argv.Contains("-m"))
        {
            // Deliberate deviation: -m is the short form of --mcast, as the original's help says.
            Assert.NotNull(process.WaitForLine("Switching to state: BACKUP", TimeSpan.FromSeconds(5)));
            Assert.False(process.HasExited);
            return;
        }
        if (exit.ValueKind == JsonValueKind.String)
        {
            // "still running after 2.5 s": it must reach BACKUP and keep running.
            Assert.NotNull(process.WaitForLine(expectedStderr[^1], TimeSpan.FromSeconds(5)));
            Assert.False(process.HasExited);
            process.Signal(9);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(5)));
            Assert.Equal(expectedStderr, StderrLines(process));
            return;
        }
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(5)));
        int expectedExit = exit.GetInt32();
        if (IsGetoptError(expectedStderr))
        {
            // Deliberate deviation: GNU's line, then a hint, exit 1 (the original prints usage and exits 0).
            Assert.Equal(1, process.ExitCode);
            string[] lines = [.. process.Lines];
            Assert.Equal(2, lines.Length);
            Assert.Equal(OursProgram(expectedStderr[0]), lines[0]);
            Assert.Equal("Try 'ucarp --help'.", lines[1]);
            return;
        }
        Assert.Equal(expectedExit, process.ExitCode);
        Assert.Equal(expectedStderr, StderrLines(process));
        if (expectedExit == 0)
        {
            Assert.Contains(process.Lines, l => l.StartsWith("ucarp ", StringComparison.Ordinal));
            Assert.Contains("--mcast=<ip> (-m <ip>): multicast group IP address (default 224.0.0.18)", process.Lines);
        }
    }

    private static bool IsGetoptError(string[] stderr) => stderr.Length == 1 && stderr[0].StartsWith("/usr/sbin/ucarp: ", StringComparison.Ordinal);

    private static string OursProgram(string line) => UcarpCluster.OursBinary + line["/usr/sbin/ucarp".Length..];

    /// <summary>Our WARNING/ERROR lines without the timestamp, as the vectors record them.</summary>
    private static string[] StderrLines(TestProcess process) =>
        process.Lines.Select(l => Timestamp().Replace(l, "")).Where(l => l.StartsWith("[WARNING]", StringComparison.Ordinal) || l.StartsWith("[ERROR]", StringComparison.Ordinal)).ToArray();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}: ")]
    private static partial Regex Timestamp();

    public sealed class OneInterfaceHost : IDisposable
    {
        public OneInterfaceHost()
        {
            PassFile = Path.GetTempFileName();
            File.WriteAllText(PassFile, "love\nsecond line\n");
            if (TestNetwork.IsRoot)
            {
                Network = TestNetwork.Create(1);
            }
        }

        public TestNetwork? Network { get; }

        public string PassFile { get; }

        public void Dispose()
        {
            Network?.Dispose();
            File.Delete(PassFile);
        }
    }
}
