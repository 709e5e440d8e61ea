namespace Ucarp.Cli.Linux;

/// <summary>
/// How a child ended, decoded from its wait status (&lt;sys/wait.h&gt; WIFEXITED/WEXITSTATUS/WTERMSIG).
/// StatusLost: someone else reaped it first, so it has ended but its status is unknown. InheritedSignals
/// puts an ignored SIGCHLD (the usual cause) back to its default at start; this stays so that a child
/// reaped behind our back is an unknown status rather than a crash.
/// </summary>
internal readonly record struct ProcessExit(int ExitCode, int Signal, bool StatusLost)
{
    public static ProcessExit Lost => new(-1, 0, StatusLost: true);

    public bool Succeeded => !StatusLost && Signal == 0 && ExitCode == 0;

    public static ProcessExit FromWaitStatus(int status)
    {
        int signal = status & 0x7f;
        return signal == 0
            ? new ProcessExit((status >> 8) & 0xff, 0, StatusLost: false)
            : new ProcessExit(-1, signal, StatusLost: false);
    }

    public override string ToString() =>
        StatusLost ? "an unknown status (reaped elsewhere)"
        : Signal != 0 ? $"killed by signal {Signal}"
        : $"exit status {ExitCode}";
}
