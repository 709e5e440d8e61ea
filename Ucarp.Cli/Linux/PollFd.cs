using System.Runtime.InteropServices;

namespace Ucarp.Cli.Linux;

// Laid out exactly like struct pollfd (<poll.h>, 8 bytes) so a Span<PollFd> goes to ppoll as is.
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd(int fd, PollEvents events)
{
    private readonly int _fd = fd;
    private readonly PollEvents _events = events;
    private PollEvents _returnedEvents;

    internal readonly int Fd => _fd;

    internal readonly PollEvents Events => _events;

    // Written by Poller.Wait: what happened on this descriptor during the last wait.
    internal readonly PollEvents ReturnedEvents => _returnedEvents;
}
