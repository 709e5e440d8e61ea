using System.Diagnostics;
using Ucarp.Cli.Daemon;

namespace Ucarp.Tests.Daemon;

/// <summary>Bounded batching: sockets are held only while frames keep coming faster than the hold-off.</summary>
public class ReceiveHoldOffTests
{
    private static readonly TimeSpan HoldOff = TimeSpan.FromMilliseconds(0.5);
    private static readonly long HoldOffTicks = (long)(HoldOff.TotalSeconds * Stopwatch.Frequency);
    private const long Start = 1_000_000_000;

    [Fact]
    public void Received_OneAdvertisementASecond_NeverHolds()
    {
        var holdOff = new ReceiveHoldOff(HoldOff);
        for (int second = 0; second < 3; second++)
        {
            holdOff.Received(1, Start + (second * Stopwatch.Frequency));
            Assert.Null(holdOff.HeldUntil);
            Assert.Null(holdOff.TimeUntilRelease(Start + (second * Stopwatch.Frequency)));
        }
    }

    [Fact]
    public void Received_FramesInTwoWakeUpsWithinTheHoldOff_HoldsForOneHoldOff()
    {
        var holdOff = new ReceiveHoldOff(HoldOff);
        holdOff.Received(3, Start);
        long now = Start + (HoldOffTicks / 2);
        holdOff.Received(2, now);
        Assert.Equal(now + HoldOffTicks, holdOff.HeldUntil);
        TimeSpan left = holdOff.TimeUntilRelease(now)!.Value;
        Assert.InRange(left, HoldOff - TimeSpan.FromTicks(1), HoldOff);
        Assert.Equal(TimeSpan.Zero, holdOff.TimeUntilRelease(now + (2 * HoldOffTicks)));
    }

    [Fact]
    public void Received_FramesStillQueuedAfterTheHoldOff_StaysHeld()
    {
        var holdOff = new ReceiveHoldOff(HoldOff);
        holdOff.Received(1, Start);
        holdOff.Received(1, Start + 1);
        long released = holdOff.HeldUntil!.Value;
        holdOff.Received(10, released);
        Assert.Equal(released + HoldOffTicks, holdOff.HeldUntil);
    }

    [Fact]
    public void Received_NothingQueued_ReleasesTheSockets()
    {
        var holdOff = new ReceiveHoldOff(HoldOff);
        holdOff.Received(1, Start);
        holdOff.Received(1, Start + 1);
        holdOff.Received(0, Start + HoldOffTicks + 1);
        Assert.Null(holdOff.HeldUntil);
        Assert.Null(holdOff.TimeUntilRelease(Start + HoldOffTicks + 1));
    }
}
