using System.Runtime.InteropServices;
using Tmds.Linux;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

// A timerfd the loop polls for the engine's next deadline. Not ppoll's timeout: the kernel lets a
// poll timeout run late by 0.1 % of its length (about 1 ms per second of advbase, 3 ms on a 3 s
// master-down timer) to batch wake-ups; a timerfd fires on time.
internal sealed class DeadlineTimer : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    internal DeadlineTimer()
    {
        int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
        if (fd < 0)
        {
            Errno.Throw(Marshal.GetLastPInvokeError());
        }
        _handle = new FileDescriptorHandle(fd);
    }

    internal int Fd => _handle.Fd;

    // Fires once after `after` (at once when zero); null disarms. Either way an expiry not yet read is
    // cleared, so the descriptor is readable again only when this arming fires.
    internal unsafe void Arm(TimeSpan? after)
    {
        itimerspec spec = default;
        if (after is TimeSpan wait)
        {
            spec.it_value = Timespecs.From(TimeSpan.FromTicks(Math.Max(1, wait.Ticks)));   // all zeros would disarm
        }
        if (timerfd_settime(Fd, 0, &spec, null) != 0)
        {
            Errno.Throw(Marshal.GetLastPInvokeError());
        }
    }

    public void Dispose() => _handle.Dispose();
}
