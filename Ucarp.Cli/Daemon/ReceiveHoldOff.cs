using System.Diagnostics;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// Bounded batching under a flood. Each wake-up costs a ppoll, a recvmmsg and a timerfd_settime, and under
/// 20k forged frames per second the profile is almost all system calls: the digest check is cheap. When frames
/// arrive in two wake-ups less than the hold-off apart, the sockets leave the poll set for one hold-off, so
/// the next read takes all that queued meanwhile in one call; they stay out while each read finds frames.
/// A lone advertisement (one a second per peer) is read at once as before; under a flood a frame waits at
/// most one hold-off (kept under a millisecond), and every frame is still read, counted and logged. Times are
/// Stopwatch timestamps (monotonic).
/// </summary>
internal sealed class ReceiveHoldOff(TimeSpan holdOff)
{
    /// <summary>Under a flood, frames wait at most this long (packet latency stays under a millisecond).</summary>
    public static readonly TimeSpan UnderFlood = TimeSpan.FromMilliseconds(0.5);

    private readonly long _holdOff = StopwatchTicks.From(holdOff);
    private long? _lastFrames;

    /// <summary>When the sockets go back into the poll set; null when they are polled.</summary>
    public long? HeldUntil { get; private set; }

    /// <summary>The sockets were read at <paramref name="now"/> and gave <paramref name="frames"/> frames.</summary>
    public void Received(int frames, long now)
    {
        if (frames == 0)
        {
            HeldUntil = null;
            return;
        }
        // Frames found at the end of a hold-off mean the flood goes on.
        bool flood = HeldUntil is not null || (_lastFrames is long last && now - last < _holdOff);
        HeldUntil = flood ? now + _holdOff : null;
        _lastFrames = now;
    }

    /// <summary>How long the loop may sleep before reading the sockets again; null when they are polled.</summary>
    public TimeSpan? TimeUntilRelease(long now) =>
        HeldUntil is long until ? (until > now ? Stopwatch.GetElapsedTime(now, until) : TimeSpan.Zero) : null;
}
