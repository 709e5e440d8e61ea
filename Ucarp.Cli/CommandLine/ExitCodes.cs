namespace Ucarp.Cli.CommandLine;

internal static class ExitCodes
{
    /// <summary>Help, version, and a clean exit after --shutdown.</summary>
    public const int Success = 0;

    /// <summary>
    /// An invalid or missing option (ucarp.c returns 1). Ours also for getopt errors, where
    /// ucarp printed the usage and exited 0, hiding typos in init scripts.
    /// </summary>
    public const int InvalidOptions = 1;

    /// <summary>
    /// A failure once the options were accepted: password too long, unknown interface, socket
    /// set-up (ucarp.c returns 2 when docarp() fails). Ours also when the interface is removed
    /// at run time (ucarp.c exits 0 there) or on an unexpected error.
    /// </summary>
    public const int SetupFailed = 2;

    /// <summary>--observe saw at least one alarm (two masters, digest mismatch, bad TTL, replay, VRRP collision).</summary>
    public const int AlarmsRaised = 3;
}
