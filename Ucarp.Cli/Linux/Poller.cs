using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// The event loop's only blocking call. ppoll takes a timespec, so timers keep nanosecond resolution
/// instead of poll's whole milliseconds.
/// </summary>
internal static class Poller
{
    /// <summary>
    /// Waits until a descriptor is ready or the timeout passes (null: forever). Returns how many
    /// descriptors have events, 0 on timeout or when a signal interrupted the wait (the caller re-evaluates).
    /// </summary>
    public static unsafe int Wait(Span<PollFd> fds, TimeSpan? timeout)
    {
        timespec limit = default;
        timespec* limitPointer = null;
        if (timeout is TimeSpan wait)
        {
            limit = Timespecs.From(TimeSpan.FromTicks(Math.Max(0, wait.Ticks)));
            limitPointer = &limit;
        }
        fixed (PollFd* entries = fds)
        {
            int ready = Interop.Libc.ppoll((pollfd*)entries, (uint)fds.Length, limitPointer, null);
            // Not retried: after a signal the caller re-evaluates.
            return ready < 0 && Marshal.GetLastPInvokeError() == EINTR ? 0 : Errno.Check(ready, "ppoll");
        }
    }
}
