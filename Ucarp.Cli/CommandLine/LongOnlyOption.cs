namespace Ucarp.Cli.CommandLine;

/// <summary>
/// getopt_long vals for options with no short letter. glibc's convention: a val above 255 can
/// never collide with a short option character, so these start at 256.
/// </summary>
internal static class LongOnlyOption
{
    internal const char LogFormat = '\u0100';
    internal const char ScriptTimeout = '\u0110';
    internal const char Observe = '\u0120';
    internal const char StatusFile = '\u0130';
    internal const char MetricsFile = '\u0131';
    internal const char Check = '\u0140';
    internal const char CheckInterval = '\u0141';
    internal const char CheckTimeout = '\u0142';
    internal const char CheckFall = '\u0143';
    internal const char CheckRise = '\u0144';
    internal const char CheckDemote = '\u0145';
    internal const char Peer = '\u0160';
    internal const char Instances = '\u0170';
}
