using System.Net;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Packets;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.CommandLine;

public sealed class InstancesFileTests
{
    private const string File = "inst.conf";
    private const string Line1 = "-i eth0 -s 198.18.0.1 -v 1 -p one -a 198.18.0.101 -u /up -d /down";
    private const string Line2 = "-i eth0 -s 198.18.0.1 -v 2 -p two -a 198.18.0.102 -u /up -d /down";

    private static CliResult Parse(string text, params string[] args) =>
        CommandLineParser.Parse("ucarp", [.. args, "--instances=" + File], Environment(text));

    private static CommandLineEnvironment Environment(string text) =>
        new(NoPassFile, ReadTextFile: path => path == File ? TextFileRead.Ok(text) : throw new InvalidOperationException("unexpected file " + path));

    private static PassFileRead NoPassFile(string path) => PassFileRead.Ok("secret\n"u8.ToArray());

    private static (LogLevel?, string)[] Logged(CliResult result) =>
        [.. result.Messages.Where(m => m.Level != null).Select(m => (m.Level, m.Text))];

    private static void AssertFails(CliResult result, string error, int exitCode = ExitCodes.InvalidOptions)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Null(result.Options);
        Assert.Null(result.Instances);
        Assert.Equal((LogLevel.Error, error), Logged(result)[^1]);
    }

    [Fact]
    public void Parse_TwoLines_CommandLineOptionsAreDefaultsAndLinesWin()
    {
        CliResult result = Parse($"{Line1}\n{Line2} -k 20 -d /down2 --script-timeout=5\n", "-z", "-k", "10", "-f", "local3", "--log-format=json");

        Assert.Null(result.ExitCode);
        Assert.Empty(result.Messages);
        IReadOnlyList<UcarpOptions> instances = result.Instances!;
        Assert.Equal(2, instances.Count);
        Assert.Same(instances[0], result.Options);
        Assert.Equal([1, 2], instances.Select(o => (int)o.Vhid));
        Assert.Equal([10, 20], instances.Select(o => (int)o.AdvSkew));
        Assert.Equal(["/down", "/down2"], instances.Select(o => o.DownScript));
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)], instances.Select(o => o.ScriptTimeout));
        Assert.Equal(IPAddress.Parse("198.18.0.102"), instances[1].VirtualAddress);
        Assert.Equal("two"u8.ToArray(), instances[1].Password.ToArray());
        Assert.All(instances, o => Assert.True(o.Shutdown));
        Assert.All(instances, o => Assert.Equal(LogFormat.Json, o.LogFormat));
        Assert.Equal(SyslogFacility.Local3, result.Facility);
    }

    [Fact]
    public void Parse_LineOption_DoesNotLeakIntoTheNextLine()
    {
        CliResult result = Parse($"{Line1} -P -x first --peer=198.18.0.8,hops=2\n{Line2}", "--peer=198.18.0.9");

        IReadOnlyList<UcarpOptions> instances = result.Instances!;
        Assert.Equal((true, "first"), (instances[0].Preempt, instances[0].XParam));
        Assert.Equal((false, null), (instances[1].Preempt, instances[1].XParam));
        // --peer adds to the defaults' peers, as a second --peer on one command line does.
        Assert.Equal([new(IPAddress.Parse("198.18.0.9"), 0), new UnicastPeer<IPAddress>(IPAddress.Parse("198.18.0.8"), 2)], instances[0].Peers);
        Assert.Equal([new UnicastPeer<IPAddress>(IPAddress.Parse("198.18.0.9"), 0)], instances[1].Peers);
    }

    [Fact]
    public void Parse_LineWarnings_PrefixedWithFileAndLine()
    {
        CliResult result = Parse("# two VIPs\n\n-i eth0 -s 198.18.0.1 -v 1 -p one -a 198.18.0.101 -u /up\n" +
                                 "-i eth0 -s 198.18.0.1 -v 2 \\\n  -p two -a 198.18.0.102 -d /down\n");

        Assert.Null(result.ExitCode);
        Assert.Equal(
            [
                (LogLevel.Warning, "inst.conf:3: Warning: no script called when going down"),
                (LogLevel.Warning, "inst.conf:4: Warning: no script called when going up"),
            ],
            Logged(result));
    }

    [Fact]
    public void Parse_PassFileOnALine_ReadThroughTheEnvironment()
    {
        CliResult result = Parse("-i eth0 -s 198.18.0.1 -v 1 -o /etc/ucarp/pass -a 198.18.0.101");
        Assert.Equal("secret"u8.ToArray(), result.Options!.Password.ToArray());
    }

    [Theory]
    [InlineData("-i eth0 -s 198.18.0.1 -p one -a 198.18.0.101", "inst.conf:3: You must supply a valid virtual host id")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 300 -p one -a 198.18.0.101", "inst.conf:3: vhid must be between 1 and 255.")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 3 -p one -a 198.18.0.1011", "inst.conf:3: Invalid address: [198.18.0.1011]")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 3 -p one -a 2001:db8::1", "inst.conf:3: Source and virtual addresses must be of the same family: [198.18.0.1] and [2001:db8::1]")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 3 -p one -a 198.18.0.103 --check-fall=2", "inst.conf:3: --check-fall needs --check")]
    [InlineData("-v 3 -a 'x", "inst.conf:3: unterminated single quote (a quote must close on its own line)")]
    [InlineData("-v 3 -p $PASS", "inst.conf:3: '$' would be expanded by a shell but is not here: quote it ('$' or \\$)")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 3 -p my secret -a 198.18.0.103", "inst.conf:3: unexpected argument [secret] (quote a value that contains blanks)")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 3 -p one -a 198.18.0.103 --peer=198.18.1.2,hops=x", "inst.conf:3: " +
        "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.1.2,hops=x]")]
    public void Parse_BadThirdLine_ErrorNamesFileAndLineAndNothingRuns(string line, string error)
    {
        CliResult result = Parse($"{Line1}\n{Line2}\n{line}\n{Line1}");
        AssertFails(result, error);
    }

    [Fact]
    public void Parse_PasswordTooLongOnALine_ExitsAsTheCommandLineDoes() =>
        AssertFails(Parse($"{Line1} -p 01234567890123456789"), "inst.conf:1: Password too long", ExitCodes.SetupFailed);

    [Fact]
    public void Parse_GetoptErrorOnALine_PrefixedPlainLines()
    {
        CliResult result = Parse($"{Line1}\n{Line2} --bogus");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Equal(
            [CliMessage.Err("inst.conf:2: ucarp: unrecognized option '--bogus'"), CliMessage.Err("inst.conf:2: Try 'ucarp --help'.")],
            result.Messages);
    }

    [Theory]
    [InlineData("--advksew 50", "inst.conf:2: ucarp: unrecognized option '--advksew'")]
    [InlineData("-K 50", "inst.conf:2: ucarp: invalid option -- 'K'")]
    [InlineData("-K 50 -B", "inst.conf:2: ucarp: invalid option -- 'K'")]
    public void Parse_MisspeltOptionWithItsValueOnALine_GetoptErrorAsOnTheCommandLine(string typo, string error)
    {
        CliResult result = Parse($"{Line1}\n{Line2} {typo}");

        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Null(result.Instances);
        Assert.Equal([CliMessage.Err(error), CliMessage.Err("inst.conf:2: Try 'ucarp --help'.")], result.Messages);
    }

    [Theory]
    [InlineData("-v 2O", "inst.conf:2: -v needs a whole number: [2O]")]
    [InlineData("--vhid=2O", "inst.conf:2: --vhid needs a whole number: [2O]")]
    [InlineData("-v ' 2'", "inst.conf:2: -v needs a whole number: [ 2]")]
    [InlineData("-v 0x2", "inst.conf:2: -v needs a whole number: [0x2]")]
    [InlineData("-b 1s", "inst.conf:2: -b needs a whole number: [1s]")]
    [InlineData("-k -1", "inst.conf:2: -k needs a whole number: [-1]")]
    [InlineData("--deadratio=3x", "inst.conf:2: --deadratio needs a whole number: [3x]")]
    public void Parse_NumberWithTrailingLettersOnALine_RefusedThoughTheCommandLineTakesIt(string option, string error) =>
        AssertFails(Parse($"{Line1}\n{Line2} {option}"), error);

    [Fact]
    public void Parse_NumbersOnALine_WholeWordsStillAccepted()
    {
        CliResult result = Parse($"{Line1}\n{Line2} -v 02 -b 3 -k 250 -r 4");

        UcarpOptions second = result.Instances![1];
        Assert.Equal((2, 3, 250, 4u), ((int)second.Vhid, (int)second.AdvBase, (int)second.AdvSkew, second.DeadRatio));
    }

    [Fact]
    public void Parse_TwoLines_EachRemembersItsFileAndLine() =>
        Assert.Equal(["inst.conf:1", "inst.conf:3"], Parse($"{Line1}\n\n{Line2}").Instances!.Select(o => o.Origin));

    [Theory]
    [InlineData("-B", "[-B] applies to the whole process: give it on the command line, before --instances")]
    [InlineData("--daem", "[--daemonize] applies to the whole process: give it on the command line, before --instances")]
    [InlineData("-f local1", "[-f] applies to the whole process: give it on the command line, before --instances")]
    [InlineData("-D", "[-D] applies to the whole process: give it on the command line, before --instances")]
    [InlineData("--log-format=json", "[--log-format] applies to the whole process: give it on the command line, before --instances")]
    [InlineData("-h", "[-h] has no place in an instances file")]
    [InlineData("--version", "[--version] has no place in an instances file")]
    [InlineData("--observe", "[--observe] has no place in an instances file")]
    [InlineData("--instances=other.conf", "[--instances] has no place in an instances file")]
    public void Parse_ProcessOptionOnALine_Refused(string option, string error) =>
        AssertFails(Parse($"{Line1}\n{Line2} {option}"), "inst.conf:2: " + error);

    [Theory]
    [InlineData("-i eth0 -s 198.18.0.1 -v 1 -p x -a 198.18.0.109", "inst.conf:3: IPv4 vhid 1 on [eth0] is already on line 1")]
    [InlineData("-i eth0:carp0 -s 198.18.0.1 -v 1 -p x -a 198.18.0.109", "inst.conf:3: IPv4 vhid 1 on [eth0] is already on line 1")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 9 -p x -a 198.18.0.109 --status-file=/run/s1.json", "inst.conf:3: --status-file [/run/s1.json] is already written by line 1")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 9 -p x -a 198.18.0.109 --metrics-file=/run/../run/s1.json", "inst.conf:3: --metrics-file [/run/../run/s1.json] is already written by line 1")]
    [InlineData("-i eth0 -s 198.18.0.1 -v 9 -p x -a 198.18.0.109 --metrics-file=/run/m2.prom", "inst.conf:3: --metrics-file [/run/m2.prom] is already written by line 2")]
    public void Parse_DuplicateInstance_ErrorNamesBothLines(string line, string error) =>
        AssertFails(Parse($"{Line1} --status-file=/run/s1.json\n{Line2} --metrics-file=/run/m2.prom\n{line}"), error);

    [Fact]
    public void Parse_SameVhidOnAnotherInterfaceOrFamily_Accepted()
    {
        CliResult result = Parse($"{Line1}\n-i eth1 -s 198.18.1.1 -v 1 -p x -a 198.18.1.101\n-i eth0 -s 2001:db8::1 -v 1 -p x -a 2001:db8::101");
        Assert.Equal(3, result.Instances!.Count);
    }

    [Fact]
    public void Parse_StatusFileAsDefault_EveryLineWouldShareIt() =>
        AssertFails(Parse($"{Line1}\n{Line2}", "--status-file=/run/all.json"), "inst.conf:2: --status-file [/run/all.json] is already written by line 1");

    [Theory]
    [InlineData("")]
    [InlineData("# nothing yet\n\n")]
    public void Parse_NoInstance_OneClearError(string text) =>
        AssertFails(Parse(text), "The instances file [inst.conf] has no instance: every line is blank or a comment");

    [Fact]
    public void Parse_UnreadableFile_OneClearError()
    {
        var environment = new CommandLineEnvironment(NoPassFile, ReadTextFile: _ => TextFileRead.Failed("Permission denied"));
        AssertFails(CommandLineParser.Parse("ucarp", ["--instances", "/etc/ucarp/x.conf"], environment),
            "Unable to read the instances file [/etc/ucarp/x.conf]: Permission denied");
    }

    [Fact]
    public void Read_RealFiles_TextOrStrerror()
    {
        string path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllBytes(path, [.. "-p \""u8, 0xff, .. "\"\n"u8]);
            Assert.Equal("-p \"\udcff\"\n", TextFile.Read(path).Text);   // a byte that is not UTF-8 survives, as in argv
            Assert.Equal(TextFileRead.Failed("No such file or directory"), TextFile.Read(path + ".missing"));
            Assert.Equal(TextFileRead.Failed("Is a directory"), TextFile.Read(Path.GetTempPath()));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "--instances=a.conf", "-v", "3" }, "--instances must be the last option: [-v] comes after it (defaults go before it, each instance's options in the file)")]
    [InlineData(new[] { "--instances=a.conf", "--pass=x" }, "--instances must be the last option: [--pass] comes after it (defaults go before it, each instance's options in the file)")]
    [InlineData(new[] { "--instances=a.conf", "--instances=b.conf" }, "--instances can be given once: one file holds every instance")]
    [InlineData(new[] { "--observe", "--instances=a.conf" }, "--observe watches one interface: it cannot be combined with --instances")]
    [InlineData(new[] { "--instances=" }, "--instances needs a file name: []")]
    [InlineData(new[] { "-v", "0", "--instances=a.conf" }, "vhid must be between 1 and 255.")]
    [InlineData(new[] { "-B", "--instances=a.conf" }, "--instances needs an absolute path with -B (the daemon runs in /): [a.conf]")]
    public void Parse_CommandLineAroundInstances_ErrorWithoutReadingTheFile(string[] args, string error)
    {
        var environment = new CommandLineEnvironment(NoPassFile, ReadTextFile: p => throw new InvalidOperationException("read " + p));
        AssertFails(CommandLineParser.Parse("ucarp", args, environment), error);
    }

    [Fact]
    public void Parse_GetoptErrorAfterInstances_ReportedAsGetoptError()
    {
        var environment = new CommandLineEnvironment(NoPassFile, ReadTextFile: p => throw new InvalidOperationException("read " + p));
        CliResult result = CommandLineParser.Parse("ucarp", ["--instances=a.conf", "--bogus"], environment);
        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Equal(CliMessage.Err("ucarp: unrecognized option '--bogus'"), result.Messages[0]);
    }

    [Fact]
    public void Parse_HelpBeforeInstances_PrintsHelp()
    {
        CliResult result = Parse("not read", "-h");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains(CliMessage.Out("--instances=<file>: run every VIP of <file> (one command line each) in this process"), result.Messages);
    }

    [Fact]
    public void Parse_UnknownFacilityDefault_LoggedOnceNotPerLine()
    {
        CliResult result = Parse($"{Line1}\n{Line2}", "-f", "nosuch");
        Assert.Equal([(LogLevel.Error, "Unknown syslog facility: [nosuch]")], Logged(result));
        Assert.Equal(2, result.Instances!.Count);
    }

    [Fact]
    public void Parse_AbbreviatedOption_Instances() =>
        Assert.NotNull(CommandLineParser.Parse("ucarp", ["--ins", File], Environment(Line1)).Instances);

    // The example the package ships, with the defaults ucarp-instances.service puts before it.
    [Fact]
    public void Parse_PackagedExampleWithTheUnitsDefaults_ThreeInstances()
    {
        string unit = System.IO.File.ReadAllText(Path.Combine(RepositoryFiles.Root, "packaging", "systemd", "ucarp-instances.service"));
        string execStart = unit.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        string[] argv = [.. execStart["ExecStart=".Length..].Split(' ').Where(w => w != "$UCARP_OPTS")];
        Assert.Equal("--instances=/etc/ucarp/instances.conf", argv[^1]);
        string example = Path.Combine(RepositoryFiles.Root, "packaging", "examples", "instances.conf");

        CliResult result = CommandLineParser.Parse("ucarp", [.. argv[1..^1], "--instances=" + example],
            new CommandLineEnvironment(NoPassFile, ReadTextFile: TextFile.Read));

        Assert.Empty(result.Messages);
        IReadOnlyList<UcarpOptions> instances = result.Instances!;
        Assert.Equal([3, 4, 3], instances.Select(o => (int)o.Vhid));
        Assert.Equal(["/usr/share/ucarp/vip-up", "/usr/share/ucarp/vip-up", "/etc/ucarp/db-up.sh"], instances.Select(o => o.UpScript));
        Assert.Equal("db primary", instances[2].XParam);
        Assert.All(instances, o => Assert.True(o.Shutdown));
    }
}
