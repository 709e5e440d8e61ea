namespace Ucarp.Cli.CommandLine;

// What parsing needs from outside. FindDefaultInterface, when given, is asked for an interface
// if -i is missing, at the point where ucarp calls pcap_lookupdev() (before the vhid checks,
// logging "Using [<if>] as a network interface"); null leaves that to the caller. ReadTextFile
// reads --instances files (null: the real file system).
internal sealed record CommandLineEnvironment(
    PassFileReader ReadPassFile, Func<string?>? FindDefaultInterface = null, Func<string, TextFileRead>? ReadTextFile = null)
{
    internal static CommandLineEnvironment Default { get; } = new(PassFile.ReadFirstLine);
}
