namespace Ucarp.Cli.CommandLine;

/// <summary>
/// The help text of ucarp.c usage(), line for line as Debian's 1.5.2 prints it (including the
/// "idenfitier" typo and the empty bug address), with our version in the title, -V added, and
/// our long-only options in a block of their own before the sample.
/// </summary>
internal static class Usage
{
    /// <summary>"ucarp 1.5.2.1 (.NET)": what -V prints and the title of the help text.</summary>
    internal const string VersionLine = "ucarp " + BuildVersion.Value + " (.NET)";

    /// <summary>Options ucarp 1.5.2 does not have, each documented in ucarp(8).</summary>
    internal static IReadOnlyList<string> ExtensionLines { get; } =
    [
        "Beyond ucarp 1.5.2 (long options only):",
        "--log-format=<text|json>: terminal output as text lines (default) or JSON Lines",
        "--script-timeout=<seconds>: stop an up/down script still running after this (default=10)",
        "--status-file=<file>: keep this instance's state in <file> as JSON",
        "--metrics-file=<file>: keep Prometheus metrics in <file> (textfile collector)",
        "--observe[=<seconds>]: only watch the CARP/VRRP groups on -i (IPv4 and IPv6), check them and report problems; seconds only after '='",
        "--check=<command>: health check run by /bin/sh -c; exit 0 = healthy service",
        "--check-interval=<seconds>: run the check this often (default=2, fractions allowed)",
        "--check-timeout=<seconds>: a check still running after this fails (default=interval)",
        "--check-fall=<n>: n failures in a row make the host unhealthy (default=3)",
        "--check-rise=<n>: n successes in a row make it healthy again (default=2)",
        "--check-demote=<n>: add n to the advskew while unhealthy, at most 240 (default=240)",
        "--peer=<ip>[,hops=<n>]: advertise to <ip> by unicast instead of multicast (repeat per peer), n routers away (default=0)",
        "--instances=<file>: run every VIP of <file> (one command line each) in this process",
        "IPv6: -s, -a and --peer also take IPv6 addresses (OpenBSD's CARP; -s and -a of one family)",
        "",
    ];

    internal static IReadOnlyList<string> Lines { get; } =
    [
        "",
        VersionLine,
        "",
        "--interface=<if> (-i <if>): bind interface <if>",
        "--srcip=<ip> (-s <ip>): source (real) IP address of that host",
        "--mcast=<ip> (-m <ip>): multicast group IP address (default 224.0.0.18)",
        "--vhid=<id> (-v <id>): virtual IP identifier (1-255)",
        "--pass=<pass> (-p <pass>): password",
        "--passfile=<file> (-o <file>): read password from file",
        "--preempt (-P): becomes a master as soon as possible",
        "--neutral (-n): don't run downscript at start if backup",
        "--addr=<ip> (-a <ip>): virtual shared IP address",
        "--help (-h): summary of command-line options",
        "--version (-V): print the version and exit",
        "--advbase=<seconds> (-b <seconds>): advertisement frequency",
        "--advskew=<skew> (-k <skew>): advertisement skew (0-255)",
        "--upscript=<file> (-u <file>): run <file> to become a master",
        "--downscript=<file> (-d <file>): run <file> to become a backup",
        "--deadratio=<ratio> (-r <ratio>): ratio to consider a host as dead",
        "--debug (-D): enable debug output",
        "--shutdown (-z): call shutdown script at exit",
        "--daemonize (-B): run in background",
        "--ignoreifstate (-S): ignore interface state (down, no carrier)",
        "--nomcast (-M): use broadcast (instead of multicast) advertisements",
        "--facility=<facility> (-f): set syslog facility (default=daemon)",
        "--xparam=<value> (-x): extra parameter to send to up/down scripts",
        "",
        .. ExtensionLines,
        "Sample usage:",
        "",
        "Manage the 10.1.1.252 shared virtual address on interface eth0, with",
        "1 as a virtual address idenfitier, mypassword as a password, and",
        "10.1.1.1 as a real permanent address for this host.",
        "Call /etc/vip-up.sh when the host becomes a master, and",
        "/etc/vip-down.sh when the virtual IP address has to be disabled.",
        "",
        "ucarp --interface=eth0 --srcip=10.1.1.1 --vhid=1 --pass=mypassword \\",
        "      --addr=10.1.1.252 \\",
        "      --upscript=/etc/vip-up.sh --downscript=/etc/vip-down.sh",
        "",
        "",
        "Please report bugs to .",
        "",
    ];
}
