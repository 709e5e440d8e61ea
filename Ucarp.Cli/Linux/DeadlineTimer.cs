using Tmds.Linux;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// A timerfd the loop polls for the engine's next deadline. Not ppoll's timeout: the kernel lets a
/// poll timeout run late by 0.1 % of its length (about 1 ms per second of advbase, 3 ms on a 3 s
/// master-down timer) to batch wake-ups; a timerfd fires on time.
/// </summary>
internal sealed class DeadlineTimer : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    public DeadlineTimer() =>
        _handle = FileDescriptorHandle.Open(timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK), "timerfd_create");

    public int Fd => _handle.Fd;

    /// <summary>Fires once after `after` (at once when zero); null disarms. Either way an expiry not yet read
    /// is cleared, so the descriptor is readable again only when this arming fires.</summary>
    public unsafe void Arm(TimeSpan? after)
    {
        itimerspec spec = default;
        if (after is TimeSpan wait)
        {
            spec.it_value = Timespecs.From(TimeSpan.FromTicks(Math.Max(1, wait.Ticks)));   // all zeros would disarm
        }
        _ = Errno.Check(timerfd_settime(Fd, 0, &spec, null), "timerfd_settime");
    }

    public void Dispose() => _handle.Dispose();
}
