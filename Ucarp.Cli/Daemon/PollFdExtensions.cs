using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Daemon;

/// <summary>How the daemon's loops read a ppoll result.</summary>
internal static class PollFdExtensions
{
    /// <summary>Readable, or in error or hung up: either way the owner reads to find out.</summary>
    public static bool HasInput(this PollFd fd) => (fd.ReturnedEvents & (PollEvents.In | PollEvents.Error | PollEvents.HangUp)) != 0;
}
