using System.Net;
using System.Text;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.CommandLine;

public sealed class CommandLineParserTests
{
    private static readonly string[] _valid = ["-i", "eth0", "-s", "198.18.0.1", "-v", "7", "-p", "love", "-a", "198.18.0.100"];

    private static readonly (LogLevel?, string)[] _noScriptWarnings =
    [
        (LogLevel.Warning, "Warning: no script called when going up"),
        (LogLevel.Warning, "Warning: no script called when going down"),
    ];

    private static CliResult Parse(params string[] args) => CommandLineParser.Parse("ucarp", args, new CommandLineEnvironment(NoFiles));

    private static CliResult ParseValid(params string[] more) => Parse([.. _valid, .. more]);

    private static PassFileRead NoFiles(string path) => throw new InvalidOperationException("no pass file expected: " + path);

    private static (LogLevel?, string)[] Logged(CliResult result) =>
        [.. result.Messages.Where(m => m.Level != null).Select(m => (m.Level, m.Text))];

    private static void AssertFails(CliResult result, int exitCode, string error)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Null(result.Options);
        Assert.Equal((LogLevel.Error, error), Logged(result)[^1]);
    }

    [Fact]
    public void Parse_EveryOption_LandsInTheOptions()
    {
        CliResult result = Parse(
            "--interface=eth0:carp0", "--srcip=198.18.0.1", "--mcastip=239.1.2.3", "--vhid=0x10", "--pass=pässword",
            "--preempt", "--neutral", "--addr=198.18.0.100", "--advbase=2", "--advskew=010", "--upscript=/up",
            "--downscript=/down", "--deadratio=5", "--debug", "--shutdown", "--facility=local3", "--daemonize",
            "--ignoreifstate", "--nomcast", "--xparam=extra");

        Assert.Empty(result.Messages);
        UcarpOptions o = result.Options!;
        Assert.Equal("eth0:carp0", o.Interface);
        Assert.Equal(IPAddress.Parse("198.18.0.1"), o.SourceAddress);
        Assert.Equal(IPAddress.Parse("239.1.2.3"), o.Group);
        Assert.Equal(16, o.Vhid);
        Assert.Equal(Encoding.UTF8.GetBytes("pässword"), o.Password.ToArray());
        Assert.Equal(IPAddress.Parse("198.18.0.100"), o.VirtualAddress);
        Assert.Equal("198.18.0.100", o.VirtualAddressText);
        Assert.Equal((2, 8, 5u), (o.AdvBase, o.AdvSkew, o.DeadRatio));
        Assert.Equal(("/up", "/down", "extra"), (o.UpScript, o.DownScript, o.XParam));
        Assert.True(o.Preempt && o.Neutral && o.Debug && o.Shutdown && o.Daemonize && o.IgnoreIfState && o.NoMcast);
        Assert.Equal(SyslogFacility.Local3, result.Facility);
    }

    [Fact]
    public void Parse_MinimalLine_UcarpDefaults()
    {
        CliResult result = ParseValid();

        Assert.Equal(_noScriptWarnings, Logged(result));
        UcarpOptions o = result.Options!;
        Assert.Equal((1, 0, 3u), (o.AdvBase, o.AdvSkew, o.DeadRatio));
        Assert.Equal(IPAddress.Parse("224.0.0.18"), o.Group);
        Assert.Equal(SyslogFacility.Daemon, result.Facility);
        Assert.False(o.Preempt || o.Neutral || o.Debug || o.Shutdown || o.Daemonize || o.IgnoreIfState || o.NoMcast);
        Assert.Null(o.XParam);
    }

    [Fact]
    public void Parse_InvalidVhidBeforeValidOne_FailsAtOnce() =>
        AssertFails(Parse("-v", "abc", "-v", "7"), ExitCodes.InvalidOptions, "vhid must be between 1 and 255.");

    [Theory]
    [InlineData("-18446744073709551615")]   // strtoul says 1, strtol says LONG_MIN: ucarp checks both
    [InlineData("-1")]
    [InlineData("0x100")]
    public void Parse_VhidOutOfRange_Fails(string vhid) =>
        AssertFails(Parse("-v", vhid), ExitCodes.InvalidOptions, "vhid must be between 1 and 255.");

    [Fact]
    public void Parse_ErrorBeforeHelp_ErrorWins() =>
        AssertFails(Parse("-v", "0", "-h"), ExitCodes.InvalidOptions, "vhid must be between 1 and 255.");

    [Fact]
    public void Parse_HelpBeforeError_PrintsHelp()
    {
        CliResult result = Parse("-h", "-v", "0");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains(CliMessage.Out("--mcast=<ip> (-m <ip>): multicast group IP address (default 224.0.0.18)"), result.Messages);
    }

    [Fact]
    public void Parse_GetoptErrorAfterValidationError_IsNeverReached() =>
        AssertFails(Parse("-s", "1.2.3.400", "--bogus"), ExitCodes.InvalidOptions, "Invalid address: [1.2.3.400]");

    [Fact]
    public void Parse_GetoptError_StopsBeforeLaterOptions()
    {
        CliResult result = Parse("--vhid", "7", "--pre=x", "-v", "0");
        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
        Assert.Equal(
            [CliMessage.Err("ucarp: option '--preempt' doesn't allow an argument"), CliMessage.Err("Try 'ucarp --help'.")],
            result.Messages);
    }

    [Theory]
    [InlineData("-V")]
    [InlineData("--version")]
    [InlineData("--vers")]
    public void Parse_Version_OneLineAndExit0(string arg)
    {
        CliResult result = Parse(arg, "--bogus");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal([CliMessage.Out(Usage.VersionLine)], result.Messages);
        Assert.Matches(@"^ucarp \d+(\.\d+)+ \(\.NET\)$", Usage.VersionLine);
    }

    [Theory]
    [InlineData("-v", "2O", 2)]
    [InlineData("--vhid", " 3x", 3)]
    public void Parse_NumberWithTrailingLetters_TakenAsUcarp152Does(string option, string value, int vhid) =>
        Assert.Equal(vhid, ParseValid(option, value).Options!.Vhid);

    [Theory]
    [InlineData("-b", "256", "--advbase must be between 0 and 255: [256]")]
    [InlineData("--advbase", "-1", "--advbase must be between 0 and 255: [-1]")]
    [InlineData("-k", "0x100", "--advskew must be between 0 and 255: [0x100]")]
    [InlineData("--advskew", "99999999999999999999", "--advskew must be between 0 and 255: [99999999999999999999]")]
    public void Parse_AdvbaseOrAdvskewAbove255_RejectedNotWrapped(string option, string value, string error) =>
        AssertFails(ParseValid(option, value), ExitCodes.InvalidOptions, error);

    [Fact]
    public void Parse_Advbase255Advskew255_Accepted()
    {
        UcarpOptions o = ParseValid("-b", "255", "-k", "255").Options!;
        Assert.Equal((255, 255), (o.AdvBase, o.AdvSkew));
    }

    [Fact]
    public void Parse_DeadRatioTruncatedTo32BitsToZero_FailsAfterTheWarnings()
    {
        CliResult result = ParseValid("-r", "4294967296");
        Assert.Equal([.. _noScriptWarnings, (LogLevel.Error, "Dead ratio can't be zero")], Logged(result));
        Assert.Equal(ExitCodes.InvalidOptions, result.ExitCode);
    }

    [Fact]
    public void Parse_EmptyScripts_CountAsGiven()
    {
        CliResult result = ParseValid("-u", "", "-d", "");
        Assert.Empty(result.Messages);
        Assert.Equal(("", ""), (result.Options!.UpScript, result.Options.DownScript));
    }

    [Fact]
    public void Parse_UnspecifiedSourceAddress_IsMissing() =>
        AssertFails(ParseValid("-s", "0.0.0.0"), ExitCodes.InvalidOptions, "You must supply a persistent source address");

    [Fact]
    public void Parse_EmptyPassword_IsMissing() =>
        AssertFails(ParseValid("-p", ""), ExitCodes.InvalidOptions, "You must supply a password");

    [Fact]
    public void Parse_PasswordOf20Utf8Bytes_TooLongExit2()
    {
        CliResult result = ParseValid("-p", "ééééééééé12");   // 11 characters, 20 bytes
        Assert.Equal([.. _noScriptWarnings, (LogLevel.Error, "Password too long")], Logged(result));
        Assert.Equal(ExitCodes.SetupFailed, result.ExitCode);
    }

    // Program hands the parser argv decoded with SurrogateEscape: "\uDCFF" is the byte 0xFF that is not UTF-8.
    [Fact]
    public void Parse_PasswordWithByteNotUtf8_KeyIsTheRawBytes() =>
        Assert.Equal([(byte)'l', 0xFF, (byte)'v', (byte)'e'], ParseValid("-p", "l\uDCFFve").Options!.Password.ToArray());

    [Fact]
    public void Parse_PasswordsDifferingInBytesNotUtf8_DifferentKeys() =>
        Assert.NotEqual(ParseValid("-p", "pw\uDCFF").Options!.Password.ToArray(), ParseValid("-p", "pw\uDCFE").Options!.Password.ToArray());

    [Fact]
    public void Parse_PasswordOf19BytesWithEscapes_Accepted() =>
        Assert.Equal(19, ParseValid("-p", new string('\uDCFF', 19)).Options!.Password.Length);

    [Fact]
    public void Parse_MissingChecks_InUcarpOrder()
    {
        AssertFails(Parse("-f", "none"), ExitCodes.InvalidOptions, "You must supply a valid virtual host id");
        AssertFails(Parse("-v", "1"), ExitCodes.InvalidOptions, "You must supply a password");
        AssertFails(Parse("-v", "1", "-p", "x", "-b", "0"), ExitCodes.InvalidOptions, "You must supply an advertisement time base");
        AssertFails(Parse("-v", "1", "-p", "x"), ExitCodes.InvalidOptions, "You must supply a persistent source address");
        AssertFails(Parse("-v", "1", "-p", "x", "-s", "1.2.3.4"), ExitCodes.InvalidOptions, "You must supply a virtual host address");
    }

    [Theory]
    [InlineData("LOCAL3", "Local3")]
    [InlineData("security", "Auth")]
    [InlineData("Mark", "Mark")]
    [InlineData("daemon", "Daemon")]
    public void Parse_FacilityName_CaseInsensitive(string name, string expected) =>
        Assert.Equal(Enum.Parse<SyslogFacility>(expected), ParseValid("-f", name).Facility);

    [Fact]
    public void Parse_FacilityNoneThenAnother_StaysNone()
    {
        CliResult result = ParseValid("-f", "NONE", "-f", "local0");
        Assert.NotNull(result.Options);
        Assert.Null(result.Facility);
    }

    [Fact]
    public void Parse_UnknownFacility_LoggedKeepsPreviousAndRuns()
    {
        CliResult result = ParseValid("-f", "local1", "-f", "authprıv");
        Assert.Equal([(LogLevel.Error, "Unknown syslog facility: [authprıv]"), .. _noScriptWarnings], Logged(result));
        Assert.NotNull(result.Options);
        Assert.Equal(SyslogFacility.Local1, result.Facility);
    }

    [Fact]
    public void Parse_FacilityAtExit_ReportedForLoggingTheErrors()
    {
        Assert.Equal(SyslogFacility.Local2, Parse("-f", "local2", "-v", "0").Facility);
        Assert.Null(Parse("-f", "none", "-v", "0").Facility);
    }

    [Fact]
    public void Parse_EmptyInterface_IsNoInterface() => Assert.Null(ParseValid("-i", "").Options!.Interface);

    [Fact]
    public void Parse_NoInterfaceWithResolver_LogsItBeforeTheChecks()
    {
        var environment = new CommandLineEnvironment(NoFiles, () => "eth0");

        CliResult result = CommandLineParser.Parse("ucarp", ["-s", "198.18.0.1"], environment);

        Assert.Equal([(LogLevel.Info, "Using [eth0] as a network interface"), (LogLevel.Error, "You must supply a valid virtual host id")], Logged(result));
        Assert.Equal(CliStream.Stdout, result.Messages[0].Stream);
        Assert.Equal("eth0", CommandLineParser.Parse("ucarp", _valid[2..], environment).Options!.Interface);
    }

    [Fact]
    public void Parse_NoInterfaceAndNoneFound_Exit1()
    {
        var environment = new CommandLineEnvironment(NoFiles, () => null);
        AssertFails(CommandLineParser.Parse("ucarp", _valid[2..], environment), ExitCodes.InvalidOptions, "You must supply a network interface");
    }

    [Theory]
    [InlineData("love\nsecond line\n", "love")]
    [InlineData("love\r\n", "love\r")]
    [InlineData("love", "love")]
    [InlineData("lo\0ve\n", "lo")]
    public void Parse_PassFile_FirstLineWithoutNewline(string content, string expected)
    {
        var environment = new CommandLineEnvironment(_ => PassFileRead.Ok(Encoding.UTF8.GetBytes(content)));

        CliResult result = CommandLineParser.Parse("ucarp", [.. _valid[..6], "-a", "198.18.0.100", "-o", "/pw"], environment);

        Assert.Equal(Encoding.UTF8.GetBytes(expected), result.Options!.Password.ToArray());
    }

    [Fact]
    public void Parse_PassFileFailures_UcarpMessages()
    {
        var openFails = new CommandLineEnvironment(_ => PassFileRead.OpenFailed("Permission denied"));
        var readFails = new CommandLineEnvironment(_ => PassFileRead.ReadFailed("unexpected end of file"));

        AssertFails(CommandLineParser.Parse("ucarp", ["-o", "/pw"], openFails), ExitCodes.InvalidOptions, "unable to open passfile /pw for reading: Permission denied");
        AssertFails(CommandLineParser.Parse("ucarp", ["-o", "/pw"], readFails), ExitCodes.InvalidOptions, "error reading passfile /pw: unexpected end of file");
    }

    [Theory]
    [InlineData(new string[0], "Text")]
    [InlineData(new[] { "--log-format=json" }, "Json")]
    [InlineData(new[] { "--log-format", "text" }, "Text")]
    [InlineData(new[] { "--log-format=json", "--log-format=text" }, "Text")]
    [InlineData(new[] { "--log=json" }, "Json")]
    public void Parse_LogFormat_LastOneWins(string[] args, string expected) =>
        Assert.Equal(Enum.Parse<LogFormat>(expected), ParseValid(args).Options!.LogFormat);

    [Theory]
    [InlineData("JSON")]
    [InlineData("")]
    [InlineData("xml")]
    public void Parse_UnknownLogFormat_FailsWithExit1(string format) =>
        AssertFails(ParseValid("--log-format=" + format), ExitCodes.InvalidOptions, $"Unknown log format: [{format}] (text or json)");

    [Theory]
    [InlineData(new string[0], 10)]
    [InlineData(new[] { "--script-timeout=3" }, 3)]
    [InlineData(new[] { "--script-timeout", "86400" }, 86400)]
    [InlineData(new[] { "--script-timeout=5", "--script=1" }, 1)]
    public void Parse_ScriptTimeout_WholeSecondsLastOneWins(string[] args, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ParseValid(args).Options!.ScriptTimeout);

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("10s")]
    [InlineData("1.5")]
    [InlineData(" 5")]
    [InlineData("86401")]
    [InlineData("99999999999")]
    public void Parse_BadScriptTimeout_FailsWithExit1(string value) =>
        AssertFails(ParseValid("--script-timeout=" + value), ExitCodes.InvalidOptions, $"--script-timeout must be between 1 and 86400 seconds: [{value}]");

    [Theory]
    [InlineData("2001:db8::1", "2001:db8::100")]
    [InlineData("fe80::1", "2001:db8::100")]
    [InlineData("fe80::1", "fe80::100")]
    [InlineData("::ffff:198.18.0.1", "2001:db8::100")]
    public void Parse_Ipv6SourceAndVip_Accepted(string source, string vip)
    {
        CliResult result = Parse("-i", "eth0", "-s", source, "-v", "7", "-p", "love", "-a", vip);
        Assert.Null(result.ExitCode);
        Assert.Equal(IPAddress.Parse(source), result.Options!.SourceAddress);
        Assert.Equal(IPAddress.Parse(vip), result.Options.VirtualAddress);
        Assert.Equal(vip, result.Options.VirtualAddressText);
    }

    [Theory]
    [InlineData("fe80::1%eth0")]
    [InlineData("[2001:db8::1]")]
    [InlineData("2001:db8::1/64")]
    [InlineData("2001:db8:::1")]
    [InlineData("2001:db8::g")]
    public void Parse_Ipv6WithScopeBracketsOrPrefix_InvalidAddress(string text) =>
        AssertFails(Parse("-s", text), ExitCodes.InvalidOptions, $"Invalid address: [{text}]");

    [Theory]
    [InlineData("2001:db8::1", "198.18.0.100")]
    [InlineData("198.18.0.1", "2001:db8::100")]
    public void Parse_MixedFamilies_OneClearLineExitOne(string source, string vip) =>
        AssertFails(Parse("-i", "eth0", "-s", source, "-v", "7", "-p", "love", "-a", vip), ExitCodes.InvalidOptions,
            $"Source and virtual addresses must be of the same family: [{source}] and [{vip}]");

    [Theory]
    [InlineData("-M")]
    [InlineData("--mcast=239.1.2.3")]
    public void Parse_Ipv6WithMcastOptions_Refused(string option) =>
        AssertFails(Parse("-i", "eth0", "-s", "2001:db8::1", "-v", "7", "-p", "love", "-a", "2001:db8::100", option), ExitCodes.InvalidOptions,
            "--mcast and --nomcast are for IPv4: IPv6 advertisements always go to ff02::12");

    [Fact]
    public void Parse_Ipv6WithIpv4Peer_FailsWithExit1() =>
        AssertFails(Parse("-i", "eth0", "-s", "2001:db8::1", "-v", "7", "-p", "love", "-a", "2001:db8::100", "--peer=198.18.0.2"),
            ExitCodes.InvalidOptions, "--peer and --srcip must be of the same family: [198.18.0.2] and [2001:db8::1]");

    [Fact]
    public void Parse_Ipv6Peers_AcceptedWithHops() =>
        Assert.Equal([new(IPAddress.Parse("2001:db8::2"), 0), new(IPAddress.Parse("fe80::2"), 0), new UnicastPeer<IPAddress>(IPAddress.Parse("2001:db8:1::2"), 3)],
            Parse("-i", "eth0", "-s", "2001:db8::1", "-v", "7", "-p", "love", "-a", "2001:db8::100", "--peer=2001:db8::2", "--peer=fe80::2",
                "--peer=2001:db8:1::2,hops=3").Options!.Peers);

    [Fact]
    public void Parse_Ipv6Unspecified_NeedsPersistentSource() =>
        AssertFails(Parse("-i", "eth0", "-s", "::", "-v", "7", "-p", "love", "-a", "2001:db8::100"), ExitCodes.InvalidOptions,
            "You must supply a persistent source address");

    [Fact]
    public void Parse_Ipv6Group_StillInvalidAddress() =>
        AssertFails(Parse("-m", "ff02::12"), ExitCodes.InvalidOptions, "Invalid address: [ff02::12]");

    [Fact]
    public void Parse_StatusAndMetricsFiles_KeptAsTypedAndOffByDefault()
    {
        Assert.Null(ParseValid().Options!.StatusFile);
        Assert.Null(ParseValid().Options!.MetricsFile);
        UcarpOptions options = ParseValid("--status-file=/run/ucarp/7.json", "--metrics-file", "ucarp-7.prom").Options!;
        Assert.Equal("/run/ucarp/7.json", options.StatusFile);
        Assert.Equal("ucarp-7.prom", options.MetricsFile);
    }

    [Theory]
    [InlineData("--status-file=", "--status-file needs a file name: []")]
    [InlineData("--metrics-file=/var/lib/prometheus/", "--metrics-file needs a file name: [/var/lib/prometheus/]")]
    public void Parse_OutputFileWithoutName_FailsWithExit1(string option, string error) =>
        AssertFails(ParseValid(option), ExitCodes.InvalidOptions, error);

    [Fact]
    public void Parse_StatusAndMetricsSameFile_FailsWithExit1() =>
        AssertFails(ParseValid("--status-file=/tmp/x", "--metrics-file=/tmp/../tmp/x"), ExitCodes.InvalidOptions,
            "--status-file and --metrics-file must be different files: [/tmp/x]");

    [Fact]
    public void Parse_ObserveWithOnlyAnInterface_RunsWithEveryVhidAndNoPassword()
    {
        CliResult result = Parse("--observe", "-i", "eth0");

        Assert.Empty(result.Messages);
        UcarpOptions o = result.Options!;
        Assert.True(o.Observe);
        Assert.Null(o.ObserveFor);
        Assert.Equal(0, o.Vhid);
        Assert.True(o.Password.IsEmpty);
        Assert.Equal(IPAddress.Any, o.VirtualAddress);
    }

    [Theory]
    [InlineData(new[] { "--observe=5" }, 5)]
    [InlineData(new[] { "--obs=16" }, 16)]
    [InlineData(new[] { "--observe", "5" }, null)]   // optional_argument: a separate word is an operand, as in glibc
    [InlineData(new[] { "--observe=5", "--observe" }, null)]
    public void Parse_ObserveSeconds_OnlyAfterEquals(string[] args, int? seconds) =>
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, Parse([.. args, "-i", "eth0"]).Options!.ObserveFor);

    [Theory]
    [InlineData(new[] { "--observe", "5" }, "5")]
    [InlineData(new[] { "--obs", "30", "-i", "eth0" }, "30")]
    [InlineData(new[] { "-i", "eth0", "--observe", "5", "-v", "3" }, "5")]
    public void Parse_ObserveThenANumberAsItsOwnWord_WarnsWhatItMeansAndHowToSayIt(string[] args, string word)
    {
        CliResult result = Parse([.. args, "-i", "eth0"]);

        Assert.Null(result.Options!.ObserveFor);
        Assert.Contains((LogLevel.Warning,
            $"--observe takes its seconds after '=': [{word}] is ignored and this watches until Ctrl-C (--observe={word} watches {word} s)"), Logged(result));
    }

    [Theory]
    [InlineData("--observe=5", "7")]
    [InlineData("--observe", "eth1")]
    [InlineData("--observe", "-v")]
    public void Parse_ObserveWithoutABareNumberAfterIt_NoWarning(string observe, string next) =>
        Assert.DoesNotContain(Parse(observe, next, "-i", "eth0").Messages, m => m.Level == LogLevel.Warning);


    [Theory]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("5s")]
    [InlineData("-1")]
    [InlineData("0x10")]
    public void Parse_ObserveBadSeconds_FailsWithExit1(string seconds) =>
        AssertFails(Parse("--observe=" + seconds, "-i", "eth0"), ExitCodes.InvalidOptions,
            $"--observe needs a whole number of seconds (1 or more): [{seconds}]");

    [Fact]
    public void Parse_ObserveWithLongPassword_FailsLikeTheDaemon() =>
        AssertFails(Parse("--observe", "-i", "eth0", "-p", new string('x', 20)), ExitCodes.SetupFailed, "Password too long");

    [Fact]
    public void Parse_ObserveWithDaemonOptions_KeepsVhidPasswordAndVip()
    {
        UcarpOptions o = ParseValid("--observe=3").Options!;

        Assert.True(o.Observe);
        Assert.Equal((7, "love", IPAddress.Parse("198.18.0.100")), (o.Vhid, Encoding.UTF8.GetString(o.Password.Span), o.VirtualAddress));
    }

    [Fact]
    public void Parse_Peers_RepeatableInOrderWithoutDuplicates() =>
        Assert.Equal([new(IPAddress.Parse("198.18.0.2"), 0), new UnicastPeer<IPAddress>(IPAddress.Parse("198.19.0.3"), 0)],
            ParseValid("--peer=198.18.0.2", "--peer", "198.19.0.3", "--peer=198.18.0.2,hops=0").Options!.Peers);

    [Theory]
    [InlineData("198.19.0.3,hops=1", 1)]
    [InlineData("198.19.0.3,hops=254", 254)]
    [InlineData("198.19.0.3,hops=007", 7)]
    public void Parse_PeerWithHops_Kept(string peer, int hops) =>
        Assert.Equal([new UnicastPeer<IPAddress>(IPAddress.Parse("198.19.0.3"), (byte)hops)], ParseValid("--peer=" + peer).Options!.Peers);

    [Fact]
    public void Parse_NoPeer_LeavesMulticast() => Assert.Empty(ParseValid().Options!.Peers);

    [Theory]
    [InlineData(new[] { "--peer=198.18.0.2", "-M" }, "--peer sends unicast adverts: it cannot be combined with --nomcast (-M)")]
    [InlineData(new[] { "--nomcast", "--peer=198.18.0.2" }, "--peer sends unicast adverts: it cannot be combined with --nomcast (-M)")]
    [InlineData(new[] { "--peer=198.18.0.2", "-m", "239.1.2.3" }, "--peer sends unicast adverts: it cannot be combined with --mcast (-m)")]
    [InlineData(new[] { "--mcast=224.0.0.18", "--peer=198.18.0.2" }, "--peer sends unicast adverts: it cannot be combined with --mcast (-m)")]
    [InlineData(new[] { "--peer=198.18.0.1" }, "--peer must name another host, not our own --srcip: [198.18.0.1]")]
    [InlineData(new[] { "--peer=198.18.0" }, "Invalid address: [198.18.0]")]
    [InlineData(new[] { "--peer=2001:db8::1" }, "--peer and --srcip must be of the same family: [2001:db8::1] and [198.18.0.1]")]
    [InlineData(new[] { "--peer=ff02::12" }, "--peer must be a unicast address: [ff02::12]")]
    [InlineData(new[] { "--peer=::" }, "--peer must be a unicast address: [::]")]
    [InlineData(new[] { "--peer=224.0.0.18" }, "--peer must be a unicast address: [224.0.0.18]")]
    [InlineData(new[] { "--peer=255.255.255.255" }, "--peer must be a unicast address: [255.255.255.255]")]
    [InlineData(new[] { "--peer=0.0.0.0" }, "--peer must be a unicast address: [0.0.0.0]")]
    [InlineData(new[] { "--peer=224.0.0.18,hops=1" }, "--peer must be a unicast address: [224.0.0.18]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops=255" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,hops=255]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops=1000" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,hops=1000]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops=-1" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,hops=-1]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops=+1" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,hops=+1]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops=two" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,hops=two]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops=" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,hops=]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops= 1" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,hops= 1]")]
    [InlineData(new[] { "--peer=198.18.0.2,2" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,2]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops=1,hops=2" }, "--peer takes <ip> or <ip>,hops=<n> with n from 0 to 254 (routers on the way): [198.18.0.2,hops=1,hops=2]")]
    [InlineData(new[] { "--peer=198.18.0.2/hops=1" }, "Invalid address: [198.18.0.2/hops=1]")]
    [InlineData(new[] { "--peer=198.18.0.2,hops=1", "--peer=198.18.0.2" }, "--peer [198.18.0.2] is given twice with different hops: 1 and 0")]
    public void Parse_BadPeer_FailsWithExit1(string[] args, string error) =>
        AssertFails(ParseValid(args), ExitCodes.InvalidOptions, error);
}
