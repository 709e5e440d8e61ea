using System.Text;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Daemon;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Cli.Observe;

namespace Ucarp.Cli;

internal static class Program
{
    internal static int Main(string[] runtimeArgs)
    {
        // Arguments are bytes (a password, a script path); the runtime's strings lose those that are not UTF-8.
        string[] argv = ProcSelf.CommandLine(runtimeArgs);
        string programName = argv[0].Length > 0 ? argv[0] : "ucarp";
        // Not argv[1..]: a range of an array goes through Array.CreateInstance, which takes the
        // reflection stack and its type loader into the binary.
        string[] args = new ArraySegment<string>(argv, 1, argv.Length - 1).ToArray();
        switch (Background.Stage)
        {
            case Background.SessionLeaderStage:
                return Background.SpawnDaemonFromSessionLeader(args);
            case Background.DaemonStage:
                return RunDaemon(programName, args, background: true);
            default:
                return RunDaemon(programName, args, background: false);
        }
    }

    private static int RunDaemon(string programName, string[] args, bool background)
    {
        var environment = new CommandLineEnvironment(PassFile.ReadFirstLine, InterfaceDiscovery.FirstUsable);
        CliResult result = CommandLineParser.Parse(programName, args, environment);

        var log = new Logger();
        using SyslogSink? syslog = result.Facility is { } facility ? new SyslogSink((int)facility) : null;
        if (syslog is not null)
        {
            log.AddSink(syslog);
        }
        if (!background)
        {
            // The foreground process (and the -B parent) speaks to the terminal; the daemon only to syslog.
            log.AddSink(new ConsoleSink(result.Options?.LogFormat ?? LogFormat.Text));
            PrintCliMessages(result, log);
        }
        if (result.Options is not { } options)
        {
            return result.ExitCode ?? ExitCodes.InvalidOptions;
        }
        log.DebugEnabled = options.Debug;
        IReadOnlyList<UcarpOptions> instances = result.Instances ?? [options];
        if (options.Observe)
        {
            return ObserveHost.Run(options, options.TypedInterface, log);
        }
        if (options.Daemonize && !background)
        {
            return Background.Launch(args, log);
        }
        if (!background)
        {
            return DaemonHost.Run(instances, log, _ => { });
        }
        using var readiness = new ReadinessReporter(DetachedProcess.AdoptReadinessPipe());
        log.AddSink(readiness);
        return DaemonHost.Run(instances, log, ok =>
        {
            log.RemoveSink(readiness);
            readiness.Report(ok);
        });
    }

    /// <summary>
    /// Logged lines one by one; a run of plain lines to the same stream (the 60 lines of --help) in one
    /// write: the same bytes, one system call.
    /// </summary>
    private static void PrintCliMessages(CliResult result, Logger log)
    {
        IReadOnlyList<CliMessage> messages = result.Messages;
        for (int i = 0; i < messages.Count; i++)
        {
            CliMessage message = messages[i];
            if (message.Level is { } level)
            {
                log.Log(level, message.Text);
                continue;
            }
            var text = new StringBuilder(message.Text);
            while (i + 1 < messages.Count && messages[i + 1].Level is null && messages[i + 1].Stream == message.Stream)
            {
                text.Append('\n').Append(messages[++i].Text);
            }
            ConsoleSink.WriteLine(message.Stream == CliStream.Stderr, text.ToString());
        }
    }
}
