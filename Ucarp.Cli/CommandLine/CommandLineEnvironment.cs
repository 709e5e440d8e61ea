namespace Ucarp.Cli.CommandLine;

/// <summary>
/// What parsing needs from outside. FindDefaultInterface, when given, is asked for an interface
/// if -i is missing, at the point where ucarp calls pcap_lookupdev() (before the vhid checks,
/// logging "Using [&lt;if&gt;] as a network interface"); null leaves that to the caller.
/// ReadTextFile reads --instances files (null: the real file system).
/// </summary>
internal sealed record CommandLineEnvironment(
    PassFileReader ReadPassFile, Func<string?>? FindDefaultInterface = null, Func<string, TextFileRead>? ReadTextFile = null)
{
    public static CommandLineEnvironment Default { get; } = new(PassFile.ReadFirstLine);
}
