using System.Net.Sockets;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// --instances=FILE: each command of FILE (ShellWords: one per line, sh quoting, # comments) is
/// one instance, written as a ucarp command line and parsed by the same getopt_long and checks,
/// after the command line's options before --instances, which are every line's defaults. What
/// a line prints is prefixed with FILE:LINE, here and at start-up (UcarpOptions.Origin); the
/// first line that fails stops everything, so a bad file starts nothing. Options of the process
/// as a whole come from the command line only.
/// </summary>
internal sealed class InstancesFile(string path, CommandLineParser defaults, string programName, CommandLineEnvironment environment)
{
    /// <summary>One logger, one syslog connection, one terminal format and one detached process serve all the instances.</summary>
    private static readonly char[] ProcessWide = ['B', 'f', 'D', LongOnlyOption.LogFormat];

    /// <summary>Options that are not about running an instance at all.</summary>
    private static readonly char[] NotInstance =
        ['h', 'V', LongOnlyOption.Observe, LongOnlyOption.Instances];

    private readonly List<CliMessage> _messages = [.. defaults.Messages];

    public CliResult Load()
    {
        TextFileRead read = (environment.ReadTextFile ?? TextFile.Read)(path);
        if (read.Text is null)
        {
            return Fail($"Unable to read the instances file [{path}]: {read.ErrorText}");
        }

        var instances = new List<UcarpOptions>();
        var lines = new List<int>();
        foreach (ShellLine line in ShellWords.Split(read.Text))
        {
            string origin = $"{path}:{line.Number}";
            if (line.Error is not null)
            {
                return Fail($"{origin}: {line.Error}");
            }
            CliResult parsed = ParseLine(line, origin);
            if (parsed.Options is not { } options)
            {
                return parsed;
            }
            if (Conflict(options, instances, lines) is { } conflict)
            {
                return Fail($"{origin}: {conflict}");
            }
            instances.Add(options with { Origin = origin });
            lines.Add(line.Number);
        }
        if (instances.Count == 0)
        {
            return Fail($"The instances file [{path}] has no instance: every line is blank or a comment");
        }
        return new CliResult(_messages, null, instances[0], defaults.Facility) { Instances = instances };
    }

    private static GetOptEvent? FirstMisplaced(IReadOnlyList<GetOptEvent> events)
    {
        foreach (GetOptEvent e in events)
        {
            if (ProcessWide.Contains(e.Option) || NotInstance.Contains(e.Option))
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>What getopt accepts on a line but a line must not hold; null when nothing.</summary>
    private static string? Misplaced(GetOptResult parsed) =>
        FirstMisplaced(parsed.Events) is { } e
            ? ProcessWide.Contains(e.Option)
                ? $"[{CommandLineParser.Spelling(e)}] applies to the whole process: give it on the command line, before --instances"
                : $"[{CommandLineParser.Spelling(e)}] has no place in an instances file"
            : parsed.Operands.Count > 0
                ? $"unexpected argument [{parsed.Operands[0]}] (quote a value that contains blanks)"
                : null;

    // A plain loop and array: LINQ's FirstOrDefault and a one-element collection expression each
    // compile a generic instantiation for GetOptEvent into the binary.
    private static GetOptEvent[]? FirstError(IReadOnlyList<GetOptEvent> events)
    {
        foreach (GetOptEvent e in events)
        {
            if (e.IsError)
            {
                return [e];
            }
        }
        return null;
    }

    /// <summary>The line's options, or the exit with every message so far.</summary>
    private CliResult ParseLine(ShellLine line, string origin)
    {
        GetOptResult parsed = GetOptLong.Parse(programName, line.Words, UcarpOptionTable.ShortOptions, UcarpOptionTable.LongOptions);
        // getopt's own complaint comes first, as on the command line: in "--advksew 50" the option
        // is misspelt, and the "50" it leaves behind is not the mistake.
        GetOptEvent[]? getoptError = FirstError(parsed.Events);
        if (getoptError is null && Misplaced(parsed) is { } error)
        {
            return Fail($"{origin}: {error}");
        }

        CliResult result = defaults.ForInstance(getoptError ?? parsed.Events);
        foreach (CliMessage message in result.Messages)
        {
            _messages.Add(message with { Text = $"{origin}: {message.Text}" });
        }
        return result.Options is null ? Exit(result.ExitCode ?? ExitCodes.InvalidOptions) : result;
    }

    /// <summary>Frames are told apart by interface, family and vhid, and a status or metrics file has one writer.</summary>
    private static string? Conflict(UcarpOptions options, List<UcarpOptions> instances, List<int> lines)
    {
        string device = NetDevice.DeviceName(options.Interface ?? "");
        for (int i = 0; i < instances.Count; i++)
        {
            UcarpOptions other = instances[i];
            if (other.Vhid == options.Vhid && other.SourceAddress.AddressFamily == options.SourceAddress.AddressFamily
                && NetDevice.DeviceName(other.Interface ?? "") == device)
            {
                string family = options.SourceAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                return $"{family} vhid {options.Vhid} on [{device}] is already on line {lines[i]}";
            }
            foreach ((string option, string? file) in Files(options))
            {
                if (file is not null && Writes(other, Path.GetFullPath(file)))
                {
                    return $"{option} [{file}] is already written by line {lines[i]}";
                }
            }
        }
        return null;
    }

    // A loop, not Any with a lambda: a delegate over (string, string?) made the runtime type loader (90 KB)
    // part of the binary.
    private static bool Writes(UcarpOptions options, string fullPath)
    {
        foreach ((_, string? file) in Files(options))
        {
            if (file is not null && Path.GetFullPath(file) == fullPath)
            {
                return true;
            }
        }
        return false;
    }

    private static (string Option, string? File)[] Files(UcarpOptions options) =>
        [("--status-file", options.StatusFile), ("--metrics-file", options.MetricsFile)];

    private CliResult Fail(string message)
    {
        _messages.Add(CliMessage.Log(LogLevel.Error, message));
        return Exit(ExitCodes.InvalidOptions);
    }

    private CliResult Exit(int exitCode) => new(_messages, exitCode, null, defaults.Facility);
}
