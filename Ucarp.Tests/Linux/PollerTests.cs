using System.Diagnostics;
using Ucarp.Cli.Linux;

namespace Ucarp.Tests.Linux;

public class PollerTests
{
    [Fact]
    public void Wait_NothingReady_ReturnsZeroAfterTheTimeout()
    {
        using var timer = new DeadlineTimer();
        Span<PollFd> fds = [new PollFd(timer.Fd, PollEvents.In)];
        var watch = Stopwatch.StartNew();
        int ready = Poller.Wait(fds, TimeSpan.FromMilliseconds(20));
        TimeSpan elapsed = watch.Elapsed;
        Assert.Equal(0, ready);
        // Only a sanity bound: precision is measured by the benchmarks, not on a shared CI machine.
        Assert.InRange(elapsed.TotalMilliseconds, 19.9, 500);
    }

    [Fact]
    public void Wait_SubMillisecondTimeout_IsNotRoundedUpToMilliseconds()
    {
        Span<PollFd> fds = [];
        var best = TimeSpan.MaxValue;
        // Rounded up, no call could ever take under 1 ms; on a loaded machine many calls are late,
        // so it tries until one is not (a few hundred at most) instead of judging a fixed few.
        for (int i = 0; i < 500 && best.TotalMilliseconds >= 0.95; i++)
        {
            var watch = Stopwatch.StartNew();
            _ = Poller.Wait(fds, TimeSpan.FromMicroseconds(200));
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }
        Assert.InRange(best.TotalMilliseconds, 0.19, 0.95);
    }

    [Fact]
    public void Wait_TimerArmed_WakesWhenItFires()
    {
        using var timer = new DeadlineTimer();
        timer.Arm(TimeSpan.FromMilliseconds(20));
        Span<PollFd> fds = [new PollFd(timer.Fd, PollEvents.In)];
        int ready = Poller.Wait(fds, TimeSpan.FromSeconds(10));
        Assert.Equal(1, ready);
        Assert.Equal(PollEvents.In, fds[0].ReturnedEvents);
    }

    [Fact]
    public void Arm_AfterTheTimerFired_ClearsTheUnreadExpiry()
    {
        using var timer = new DeadlineTimer();
        timer.Arm(TimeSpan.Zero);
        Span<PollFd> fds = [new PollFd(timer.Fd, PollEvents.In)];
        Assert.Equal(1, Poller.Wait(fds, TimeSpan.FromSeconds(10)));

        // The loop never reads the timer: it arms it again before the next poll.
        timer.Arm(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Poller.Wait(fds, TimeSpan.Zero));
        timer.Arm(null);
        Assert.Equal(0, Poller.Wait(fds, TimeSpan.Zero));
    }
}
