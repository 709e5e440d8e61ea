using System.Runtime.InteropServices;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Laid out exactly like struct pollfd (&lt;poll.h&gt;, 8 bytes) so a Span&lt;PollFd&gt; goes to ppoll as is.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd(int fd, PollEvents events)
{
    private readonly int _fd = fd;
    private readonly PollEvents _events = events;
    private PollEvents _returnedEvents;

    public readonly int Fd => _fd;

    public readonly PollEvents Events => _events;

    /// <summary>Written by Poller.Wait: what happened on this descriptor during the last wait.</summary>
    public readonly PollEvents ReturnedEvents => _returnedEvents;
}
