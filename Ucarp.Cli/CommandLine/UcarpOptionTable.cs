namespace Ucarp.Cli.CommandLine;

/// <summary>
/// ucarp 1.5.2's getopt_long table (ucarp_p.h, confirmed in Debian's binary), plus additions:
/// 'm' in the short string (the help text always promised -m; 1.5.2 rejected it), -V/--version,
/// and long-only options (LongOnlyOption). Additions go after the original rows, so every
/// original index matches the original table.
/// </summary>
internal static class UcarpOptionTable
{
    internal const string ShortOptions = "i:s:v:p:Pa:hb:k:x:nu:d:Dr:zf:Bo:SMm:V";

    internal static IReadOnlyList<LongOption> LongOptions { get; } =
    [
        new("interface", OptionArgument.Required, 'i'),
        new("srcip", OptionArgument.Required, 's'),
        new("mcastip", OptionArgument.Required, 'm'),
        new("vhid", OptionArgument.Required, 'v'),
        new("pass", OptionArgument.Required, 'p'),
        new("preempt", OptionArgument.None, 'P'),
        new("neutral", OptionArgument.None, 'n'),
        new("addr", OptionArgument.Required, 'a'),
        new("help", OptionArgument.None, 'h'),
        new("advbase", OptionArgument.Required, 'b'),
        new("advskew", OptionArgument.Required, 'k'),
        new("upscript", OptionArgument.Required, 'u'),
        new("downscript", OptionArgument.Required, 'd'),
        new("deadratio", OptionArgument.Required, 'r'),
        new("debug", OptionArgument.None, 'D'),
        new("shutdown", OptionArgument.None, 'z'),
        new("facility", OptionArgument.Required, 'f'),
        new("daemonize", OptionArgument.None, 'B'),
        new("ignoreifstate", OptionArgument.None, 'S'),
        new("nomcast", OptionArgument.None, 'M'),
        new("passfile", OptionArgument.Required, 'o'),
        new("xparam", OptionArgument.Required, 'x'),
        new("version", OptionArgument.None, 'V'),
        new("log-format", OptionArgument.Required, LongOnlyOption.LogFormat),
        new("script-timeout", OptionArgument.Required, LongOnlyOption.ScriptTimeout),
        new("status-file", OptionArgument.Required, LongOnlyOption.StatusFile),
        new("metrics-file", OptionArgument.Required, LongOnlyOption.MetricsFile),
        new("observe", OptionArgument.Optional, LongOnlyOption.Observe),
        new("check", OptionArgument.Required, LongOnlyOption.Check),
        new("check-interval", OptionArgument.Required, LongOnlyOption.CheckInterval),
        new("check-timeout", OptionArgument.Required, LongOnlyOption.CheckTimeout),
        new("check-fall", OptionArgument.Required, LongOnlyOption.CheckFall),
        new("check-rise", OptionArgument.Required, LongOnlyOption.CheckRise),
        new("check-demote", OptionArgument.Required, LongOnlyOption.CheckDemote),
        new("peer", OptionArgument.Required, LongOnlyOption.Peer),
        new("instances", OptionArgument.Required, LongOnlyOption.Instances),
    ];
}
