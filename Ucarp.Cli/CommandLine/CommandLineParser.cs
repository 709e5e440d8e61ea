using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// ucarp.c main() up to dodaemonize(), plus docarp()'s password length check: the options are
/// applied in argv order, each failing at once, then the cross checks run in ucarp's order.
/// Everything is decided before the daemon detaches, so -B callers see every error.
/// </summary>
internal sealed class CommandLineParser
{
    private readonly string _programName;
    private readonly CommandLineEnvironment _environment;
    // Not readonly: an instance line's parser starts as a copy of the defaults' (ForInstance).
    private List<CliMessage> _messages = [];

    private string? _interface;
    private IPAddress _sourceAddress = IPAddress.Any;
    private IPAddress _group = CarpConfig.DefaultGroupAddress;
    private bool _groupGiven;
    private List<UnicastPeer<IPAddress>> _peers = [];
    private byte _vhid;
    private byte[]? _password;
    private IPAddress _virtualAddress = IPAddress.Any;
    private string _virtualAddressText = "";
    private byte _advBase = CarpConstants.DefaultAdvBase;
    private byte _advSkew;
    private uint _deadRatio = CarpConstants.DefaultDeadRatio;
    private string? _upScript;
    private string? _downScript;
    private string? _xParam;
    private bool _preempt;
    private bool _neutral;
    private bool _shutdown;
    private bool _debug;
    private bool _daemonize;
    private bool _ignoreIfState;
    private bool _noMcast;
    private bool _noSyslog;
    private SyslogFacility _facility = SyslogFacility.Daemon;
    private LogFormat _logFormat = LogFormat.Text;
    private TimeSpan _scriptTimeout = UcarpOptions.DefaultScriptTimeout;
    private string? _statusFile;
    private string? _metricsFile;
    private bool _observe;
    private TimeSpan? _observeFor;
    private HealthCheckOptions _check = new();
    private string? _checkTuning;
    private string? _instancesFile;
    private bool _wholeNumbers;

    private CommandLineParser(string programName, CommandLineEnvironment environment)
    {
        _programName = programName;
        _environment = environment;
    }

    public SyslogFacility? Facility => _noSyslog ? null : _facility;

    /// <summary>What parsing the options before --instances printed: the file's lines add theirs after these.</summary>
    public IReadOnlyList<CliMessage> Messages => _messages;

    public static CliResult Parse(string programName, IReadOnlyList<string> args) =>
        Parse(programName, args, CommandLineEnvironment.Default);

    public static CliResult Parse(string programName, IReadOnlyList<string> args, CommandLineEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        return new CommandLineParser(programName, environment).Run(args);
    }

    private CliResult Run(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return Help();
        }

        GetOptResult parsed = GetOptLong.Parse(_programName, args, UcarpOptionTable.ShortOptions, UcarpOptionTable.LongOptions);
        for (int i = 0; i < parsed.Events.Count; i++)
        {
            if (Apply(parsed.Events[i]) is { } exit)
            {
                return exit;
            }
            if (_instancesFile is not null)
            {
                var after = new List<GetOptEvent>();
                for (int j = i + 1; j < parsed.Events.Count; j++)
                {
                    after.Add(parsed.Events[j]);
                }
                return RunInstances(_instancesFile, after);
            }
        }

        if (_observe && _observeFor is null && SecondsAsOwnWord(parsed.Events, args) is { } word)
        {
            _messages.Add(CliMessage.Log(LogLevel.Warning,
                $"--observe takes its seconds after '=': [{word}] is ignored and this watches until Ctrl-C (--observe={word} watches {word} s)"));
        }

        return Validate();
    }

    /// <summary>
    /// One instance of an --instances file: these defaults, then the line's own options, then the
    /// checks of a whole command line. The defaults stay as they are for the next line.
    /// </summary>
    public CliResult ForInstance(IReadOnlyList<GetOptEvent> events)
    {
        var line = (CommandLineParser)MemberwiseClone();
        line._messages = [];
        line._peers = [.. _peers];
        line._wholeNumbers = true;
        foreach (GetOptEvent e in events)
        {
            if (line.Apply(e) is { } exit)
            {
                return exit;
            }
        }
        return line.Validate();
    }

    /// <summary>
    /// The options before --instances are every instance's defaults; the file holds the rest, so
    /// anything after it is a mistake (which of the two would win is not obvious to a reader).
    /// </summary>
    private CliResult RunInstances(string path, List<GetOptEvent> after)
    {
        int error = after.FindIndex(e => e.IsError);
        if (error >= 0)
        {
            return Apply(after[error])!;
        }
        if (after.Exists(e => e.Option == LongOnlyOption.Instances))
        {
            return Fail("--instances can be given once: one file holds every instance");
        }
        if (after.Count > 0)
        {
            return Fail($"--instances must be the last option: [{Spelling(after[0])}] comes after it (defaults go before it, each instance's options in the file)");
        }
        if (_observe)
        {
            return Fail("--observe watches one interface: it cannot be combined with --instances");
        }
        // The detached daemon reads the file again, from /.
        if (_daemonize && !Path.IsPathRooted(path))
        {
            return Fail($"--instances needs an absolute path with -B (the daemon runs in /): [{path}]");
        }
        return new InstancesFile(path, this, _programName, _environment).Load();
    }

    /// <summary>The bare number right after a plain --observe ("--observe 5"), which glibc leaves an operand.</summary>
    private static string? SecondsAsOwnWord(IReadOnlyList<GetOptEvent> events, IReadOnlyList<string> args)
    {
        foreach (GetOptEvent e in events)
        {
            // OptInd counts argv[0]: it is the index in args of the word after the option.
            if (e.Option == LongOnlyOption.Observe && e.Value is null && e.OptInd - 1 < args.Count
                && args[e.OptInd - 1] is { Length: > 0 } next && !next.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                return next;
            }
        }
        return null;
    }

    /// <summary>An option as the user wrote it, by its full name when it was a long one.</summary>
    public static string Spelling(GetOptEvent e) =>
        e.LongIndex >= 0 ? "--" + UcarpOptionTable.LongOptions[e.LongIndex].Name : "-" + e.Option;

    /// <summary>One option, as ucarp.c's switch handles it; a result means stop now.</summary>
    private CliResult? Apply(GetOptEvent e)
    {
        if (e.IsError)
        {
            // Deliberate deviation: ucarp printed the usage and exited 0.
            _messages.Add(CliMessage.Err(e.Error!));
            _messages.Add(CliMessage.Err("Try 'ucarp --help'."));
            return Exit(ExitCodes.InvalidOptions);
        }

        string value = e.Value ?? "";
        if (e.Option is 'v' or 'b' or 'k' or 'r' && NotWholeNumber(e, value) is { } notNumber)
        {
            return notNumber;
        }
        switch (e.Option)
        {
            case 'h':
                return Help();
            case 'V':
                _messages.Add(CliMessage.Out(Usage.VersionLine));
                return Exit(ExitCodes.Success);
            case 'i':
                _interface = value;
                break;
            case 's':
                return TryAddress(value, ref _sourceAddress, allowIpv6: true);
            case 'm':
                _groupGiven = true;
                return TryAddress(value, ref _group);
            case 'v':
                if (StrToUl.Parse(value) > 255 || StrToUl.ParseSigned(value) < 1)
                {
                    return Fail("vhid must be between 1 and 255.");
                }

                _vhid = (byte)StrToUl.Parse(value);
                break;
            case 'p':
                _password = SurrogateEscape.Encode(value);
                break;
            case 'o':
                return ReadPassFile(value);
            case 'P':
                _preempt = true;
                break;
            case 'n':
                _neutral = true;
                break;
            case 'a':
                _virtualAddressText = value;
                return TryAddress(value, ref _virtualAddress, allowIpv6: true);
            case 'b':
                return TryByte(value, "--advbase", ref _advBase);
            case 'k':
                return TryByte(value, "--advskew", ref _advSkew);
            case 'd':
                _downScript = value;
                break;
            case 'D':
                _debug = true;
                break;
            case 'u':
                _upScript = value;
                break;
            case 'r':
                _deadRatio = unchecked((uint)StrToUl.Parse(value));   // ucarp: (unsigned int) strtoul()
                break;
            case 'z':
                _shutdown = true;
                break;
            case 'B':
                _daemonize = true;
                break;
            case 'S':
                _ignoreIfState = true;
                break;
            case 'f':
                SetFacility(value);
                break;
            case 'x':
                _xParam = value;
                break;
            case 'M':
                _noMcast = true;
                break;
            case LongOnlyOption.LogFormat:
                return TryLogFormat(value);
            case LongOnlyOption.ScriptTimeout:
                return TryScriptTimeout(value);
            case LongOnlyOption.StatusFile:
                return TryOutputFile(value, "--status-file", ref _statusFile);
            case LongOnlyOption.MetricsFile:
                return TryOutputFile(value, "--metrics-file", ref _metricsFile);
            case LongOnlyOption.Observe:
                return TryObserve(e.Value);
            case LongOnlyOption.Check:
                if (value.Length == 0)
                {
                    return Fail("--check needs a command: it is empty");
                }
                _check = _check with { Command = value };
                break;
            case LongOnlyOption.CheckInterval:
                return TryCheckSeconds("--check-interval", value, s => _check = _check with { Interval = s });
            case LongOnlyOption.CheckTimeout:
                return TryCheckSeconds("--check-timeout", value, s => _check = _check with { Timeout = s });
            case LongOnlyOption.CheckFall:
                return TryCheckNumber("--check-fall", value, 1, HealthCheckOptions.MaxCount, n => _check = _check with { Fall = n });
            case LongOnlyOption.CheckRise:
                return TryCheckNumber("--check-rise", value, 1, HealthCheckOptions.MaxCount, n => _check = _check with { Rise = n });
            case LongOnlyOption.CheckDemote:
                return TryCheckNumber("--check-demote", value, 0, byte.MaxValue, n => _check = _check with { Demote = (byte)n });
            case LongOnlyOption.Peer:
                return TryPeer(value);
            case LongOnlyOption.Instances:
                return TryOutputFile(value, "--instances", ref _instancesFile);
            default:
                throw new InvalidOperationException($"Option '{e.Option}' is in the table but not handled.");
        }

        return null;
    }

    /// <summary>
    /// In an --instances file, which ucarp 1.5.2 never read, a number is the whole word: "-v 2O" is a
    /// typo there, not vhid 2 (the command line keeps 1.5.2's strtoul, which stops at the O).
    /// </summary>
    private CliResult? NotWholeNumber(GetOptEvent e, string value) =>
        _wholeNumbers && (value.Length == 0 || value.AsSpan().ContainsAnyExceptInRange('0', '9'))
            ? Fail($"{Spelling(e)} needs a whole number: [{value}]")
            : null;

    private CliResult? TryAddress(string text, ref IPAddress address, bool allowIpv6 = false)
    {
        if (!InetPton.TryParseIPv4(text, out IPAddress parsed) && !(allowIpv6 && InetPton.TryParseIPv6(text, out parsed)))
        {
            return Fail($"Invalid address: [{text}]");
        }

        address = parsed;
        return null;
    }

    /// <summary>
    /// ADDRESS or ADDRESS,hops=N: a comma is in no IPv4 or IPv6 address, and the name says what the
    /// number is (a "/" would read as a prefix length).
    /// </summary>
    private CliResult? TryPeer(string text)
    {
        int comma = text.IndexOf(',', StringComparison.Ordinal);
        string addressText = comma < 0 ? text : text[..comma];
        byte hops = 0;
        if (comma >= 0 && TryPeerHops(text, text[(comma + 1)..], out hops) is { } badHops)
        {
            return badHops;
        }
        IPAddress address = IPAddress.Any;
        if (TryAddress(addressText, ref address, allowIpv6: true) is { } invalid)
        {
            return invalid;
        }
        if (!IsUnicast(address))
        {
            return Fail($"--peer must be a unicast address: [{addressText}]");
        }
        int known = _peers.FindIndex(p => p.Address.Equals(address));
        if (known < 0)
        {
            _peers.Add(new(address, hops));
        }
        else if (_peers[known].Hops != hops)
        {
            return Fail($"--peer [{address}] is given twice with different hops: {_peers[known].Hops} and {hops}");
        }
        return null;
    }

    /// <summary>Digits only (NumberStyles.None): no sign, no blanks.</summary>
    private CliResult? TryPeerHops(string text, string option, out byte hops)
    {
        const string Prefix = "hops=";
        hops = 0;
        if (!option.StartsWith(Prefix, StringComparison.Ordinal)
            || !byte.TryParse(option.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out hops)
            || hops > CarpConstants.MaxPeerHops)
        {
            return Fail($"--peer takes <ip> or <ip>,hops=<n> with n from 0 to {CarpConstants.MaxPeerHops} (routers on the way): [{text}]");
        }
        return null;
    }

    private static bool IsUnicast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? !address.IsIPv6Multicast && !address.Equals(IPAddress.IPv6Any)
            : !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.Broadcast) && address.GetAddressBytes()[0] < 224;

    /// <summary>Deliberate deviation: ucarp stores (unsigned char) strtoul(), so 256 silently became 0.</summary>
    private CliResult? TryByte(string text, string name, ref byte field)
    {
        ulong value = StrToUl.Parse(text);
        if (value > byte.MaxValue)
        {
            return Fail($"{name} must be between 0 and 255: [{text}]");
        }

        field = (byte)value;
        return null;
    }

    private CliResult? TryLogFormat(string name)
    {
        switch (name)
        {
            case "text":
                _logFormat = LogFormat.Text;
                return null;
            case "json":
                _logFormat = LogFormat.Json;
                return null;
            default:
                return Fail($"Unknown log format: [{name}] (text or json)");
        }
    }

    /// <summary>Whole seconds only, digits only: "-1" or "10s" must not become a surprising number.</summary>
    private CliResult? TryScriptTimeout(string text)
    {
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds)
            || seconds < 1 || seconds > UcarpOptions.MaxScriptTimeoutSeconds)
        {
            return Fail($"--script-timeout must be between 1 and {UcarpOptions.MaxScriptTimeoutSeconds} seconds: [{text}]");
        }

        _scriptTimeout = TimeSpan.FromSeconds(seconds);
        return null;
    }

    private CliResult? TryOutputFile(string path, string option, ref string? field)
    {
        if (path.Length == 0 || path.EndsWith('/'))
        {
            return Fail($"{option} needs a file name: [{path}]");
        }

        field = path;
        return null;
    }

    /// <summary>optional_argument: only "--observe=N" carries seconds; "--observe N" leaves N an operand, as in glibc.</summary>
    private CliResult? TryObserve(string? seconds)
    {
        _observe = true;
        if (seconds is null)
        {
            _observeFor = null;
            return null;
        }
        if (seconds.Length == 0 || seconds.AsSpan().ContainsAnyExceptInRange('0', '9') || StrToUl.Parse(seconds) is 0 or > int.MaxValue)
        {
            return Fail($"--observe needs a whole number of seconds (1 or more): [{seconds}]");
        }
        _observeFor = TimeSpan.FromSeconds(StrToUl.Parse(seconds));
        return null;
    }

    /// <summary>Seconds with an optional fraction ("0.5"), digits and one point only, at least 1 ms.</summary>
    private CliResult? TryCheckSeconds(string name, string text, Action<TimeSpan> set)
    {
        _checkTuning ??= name;
        TimeSpan max = TimeSpan.FromSeconds(HealthCheckOptions.MaxSeconds);
        if (!DecimalSeconds.TryParse(text, out TimeSpan seconds, out bool beyondTick)
            || seconds < TimeSpan.FromMilliseconds(1) || seconds > max || (seconds == max && beyondTick))
        {
            return Fail($"{name} must be between 0.001 and {HealthCheckOptions.MaxSeconds} seconds: [{text}]");
        }

        set(seconds);
        return null;
    }

    private CliResult? TryCheckNumber(string name, string text, int min, int max, Action<int> set)
    {
        _checkTuning ??= name;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            || value < min || value > max)
        {
            return Fail($"{name} must be between {min} and {max}: [{text}]");
        }

        set(value);
        return null;
    }

    private CliResult? ReadPassFile(string path)
    {
        PassFileRead read = _environment.ReadPassFile(path);
        switch (read.Status)
        {
            case PassFileStatus.OpenFailed:
                return Fail($"unable to open passfile {path} for reading: {read.ErrorText}");
            case PassFileStatus.ReadFailed:
                return Fail($"error reading passfile {path}: {read.ErrorText}");
        }

        // ucarp cuts at the first '\n' (a '\r' stays), and strdup() then stops at a NUL byte.
        ReadOnlySpan<byte> line = read.Bytes;
        int end = line.IndexOfAny((byte)'\n', (byte)0);
        _password = (end < 0 ? line : line[..end]).ToArray();
        return null;
    }

    private void SetFacility(string name)
    {
        if (Ascii.EqualsIgnoreCase(name, "none"))
        {
            _noSyslog = true;
        }
        else if (SyslogFacilityNames.TryParse(name, out SyslogFacility facility))
        {
            _facility = facility;
        }
        else
        {
            // Not fatal in ucarp: it logs and keeps the previous facility.
            _messages.Add(CliMessage.Log(LogLevel.Error, $"Unknown syslog facility: [{name}]"));
        }
    }

    /// <summary>ucarp.c main() after the option loop, in its order, then docarp()'s password check.</summary>
    private CliResult Validate()
    {
        if (FindInterface() is { } noInterface)
        {
            return noInterface;
        }

        if (_observe)
        {
            return ValidateObserve();
        }

        if (_vhid == 0)
        {
            return Fail("You must supply a valid virtual host id");
        }

        if (_password is null || _password.Length == 0)
        {
            return Fail("You must supply a password");
        }

        if (_advBase == 0 && _advSkew == 0)
        {
            return Fail("You must supply an advertisement time base");
        }

        if (_sourceAddress.Equals(IPAddress.Any) || _sourceAddress.Equals(IPAddress.IPv6Any))
        {
            return Fail("You must supply a persistent source address");
        }

        if (_virtualAddress.Equals(IPAddress.Any) || _virtualAddress.Equals(IPAddress.IPv6Any))
        {
            return Fail("You must supply a virtual host address");
        }

        if (_sourceAddress.AddressFamily != _virtualAddress.AddressFamily)
        {
            return Fail($"Source and virtual addresses must be of the same family: [{_sourceAddress}] and [{_virtualAddressText}]");
        }

        if (_sourceAddress.AddressFamily == AddressFamily.InterNetworkV6 && (_noMcast || !_group.Equals(CarpConfig.DefaultGroupAddress)))
        {
            return Fail("--mcast and --nomcast are for IPv4: IPv6 advertisements always go to ff02::12");
        }

        if (_upScript is null)
        {
            _messages.Add(CliMessage.Log(LogLevel.Warning, "Warning: no script called when going up"));
        }

        if (_downScript is null)
        {
            _messages.Add(CliMessage.Log(LogLevel.Warning, "Warning: no script called when going down"));
        }

        if (_deadRatio == 0)
        {
            return Fail("Dead ratio can't be zero");
        }

        if (_password.Length > CarpConstants.MaxPasswordLength)
        {
            return Fail("Password too long", ExitCodes.SetupFailed);
        }

        if (ValidatePeers() is { } badPeers)
        {
            return badPeers;
        }

        // Both rename a temporary file over the target: one would keep replacing the other's.
        if (_statusFile is not null && _metricsFile is not null && Path.GetFullPath(_statusFile) == Path.GetFullPath(_metricsFile))
        {
            return Fail($"--status-file and --metrics-file must be different files: [{_statusFile}]");
        }

        if (_checkTuning is not null && _check.Command.Length == 0)
        {
            return Fail($"{_checkTuning} needs --check");
        }

        return new CliResult(_messages, null, BuildOptions(), Facility);
    }

    /// <summary>
    /// A vhid is either multicast or unicast (OpenBSD carppeer): a group or broadcast beside peers
    /// would be a second, contradictory destination.
    /// </summary>
    private CliResult? ValidatePeers()
    {
        if (_peers.Count == 0)
        {
            return null;
        }
        if (_peers.FindIndex(peer => peer.Address.AddressFamily != _sourceAddress.AddressFamily) is var other and >= 0)
        {
            return Fail($"--peer and --srcip must be of the same family: [{_peers[other].Address}] and [{_sourceAddress}]");
        }
        if (_noMcast)
        {
            return Fail("--peer sends unicast adverts: it cannot be combined with --nomcast (-M)");
        }
        if (_groupGiven)
        {
            return Fail("--peer sends unicast adverts: it cannot be combined with --mcast (-m)");
        }
        if (_peers.Exists(peer => peer.Address.Equals(_sourceAddress)))
        {
            return Fail($"--peer must name another host, not our own --srcip: [{_sourceAddress}]");
        }
        return null;
    }

    /// <summary>pcap_lookupdev()'s place in ucarp.c: a missing -i is looked up before anything else is checked.</summary>
    private CliResult? FindInterface()
    {
        if (!string.IsNullOrEmpty(_interface))
        {
            return null;
        }

        _interface = null;
        if (_environment.FindDefaultInterface is { } find)
        {
            _interface = find();
            if (string.IsNullOrEmpty(_interface))
            {
                return Fail("You must supply a network interface");
            }

            _messages.Add(CliMessage.Log(LogLevel.Info, $"Using [{_interface}] as a network interface"));
        }

        return null;
    }

    /// <summary>
    /// --observe needs only the interface: -v narrows to one vhid, -p/-o enables digest checks, -a
    /// names the VIP instead of searching the subnets, -s is accepted and unused. Scripts and timing
    /// options are accepted too (a daemon's command line plus --observe works) and ignored.
    /// </summary>
    private CliResult ValidateObserve()
    {
        if (_password is { Length: > CarpConstants.MaxPasswordLength })
        {
            return Fail("Password too long", ExitCodes.SetupFailed);
        }

        return new CliResult(_messages, null, BuildOptions(), Facility);
    }

    private UcarpOptions BuildOptions() => new()
    {
        Interface = _interface,
        SourceAddress = _sourceAddress,
        Vhid = _vhid,
        Password = _password ?? [],
        VirtualAddress = _virtualAddress,
        VirtualAddressText = _virtualAddressText,
        AdvBase = _advBase,
        AdvSkew = _advSkew,
        DeadRatio = _deadRatio,
        UpScript = _upScript,
        DownScript = _downScript,
        XParam = _xParam,
        Preempt = _preempt,
        Neutral = _neutral,
        Shutdown = _shutdown,
        Debug = _debug,
        Daemonize = _daemonize,
        IgnoreIfState = _ignoreIfState,
        NoMcast = _noMcast,
        Group = _group,
        Peers = _peers.ToArray(),
        LogFormat = _logFormat,
        ScriptTimeout = _scriptTimeout,
        StatusFile = _statusFile,
        MetricsFile = _metricsFile,
        Observe = _observe,
        ObserveFor = _observeFor,
        HealthCheck = _check.Command.Length > 0 ? _check : null,
    };

    private CliResult Help()
    {
        foreach (string line in Usage.Lines)
        {
            _messages.Add(CliMessage.Out(line));
        }

        return Exit(ExitCodes.Success);
    }

    private CliResult Fail(string message, int exitCode = ExitCodes.InvalidOptions)
    {
        _messages.Add(CliMessage.Log(LogLevel.Error, message));
        return Exit(exitCode);
    }

    private CliResult Exit(int exitCode) => new(_messages, exitCode, null, Facility);
}
