using Ucarp.Protocol.Engine;

namespace Ucarp.Tests.Engine;

public class HealthTrackerTests
{
    private static HealthTracker Tracker(params CheckResult[] results)
    {
        var tracker = new HealthTracker(fall: 3, rise: 2);
        foreach (CheckResult result in results)
        {
            _ = tracker.Record(result);
        }
        return tracker;
    }

    [Fact]
    public void Record_NoResultYet_HealthUnknown() => Assert.Null(Tracker().Healthy);

    [Theory]
    [InlineData(CheckResult.Passed, true)]
    [InlineData(CheckResult.Failed, false)]
    [InlineData(CheckResult.TimedOut, false)]
    public void Record_FirstResult_DecidesAtOnce(CheckResult first, bool healthy)
    {
        var tracker = new HealthTracker(fall: 3, rise: 2);
        Assert.True(tracker.Record(first));
        Assert.Equal(healthy, tracker.Healthy);
    }

    [Fact]
    public void Record_FallConsecutiveFailures_Unhealthy_NotBefore()
    {
        HealthTracker tracker = Tracker(CheckResult.Passed, CheckResult.Failed, CheckResult.TimedOut);
        Assert.True(tracker.Healthy);
        Assert.True(tracker.Record(CheckResult.Failed));
        Assert.False(tracker.Healthy);
        Assert.Equal(3, tracker.ConsecutiveFailures);
    }

    [Fact]
    public void Record_SuccessBetweenFailures_RestartsTheCount()
    {
        HealthTracker tracker = Tracker(CheckResult.Passed, CheckResult.Failed, CheckResult.Failed, CheckResult.Passed,
            CheckResult.Failed, CheckResult.Failed);
        Assert.True(tracker.Healthy);
        Assert.Equal(2, tracker.ConsecutiveFailures);
    }

    [Fact]
    public void Record_RiseConsecutiveSuccesses_HealthyAgain_FailureBetweenRestarts()
    {
        HealthTracker tracker = Tracker(CheckResult.Failed, CheckResult.Passed, CheckResult.TimedOut, CheckResult.Passed);
        Assert.False(tracker.Healthy);
        Assert.True(tracker.Record(CheckResult.Passed));
        Assert.True(tracker.Healthy);
        Assert.False(tracker.Record(CheckResult.Passed));
    }

    [Fact]
    public void Runs_CountsEachResult()
    {
        HealthTracker tracker = Tracker(CheckResult.Passed, CheckResult.Failed, CheckResult.TimedOut, CheckResult.TimedOut);
        Assert.Equal(1, tracker.Runs(CheckResult.Passed));
        Assert.Equal(1, tracker.Runs(CheckResult.Failed));
        Assert.Equal(2, tracker.Runs(CheckResult.TimedOut));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Constructor_ZeroFallOrRise_Throws(int fall, int rise) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HealthTracker(fall, rise));
}
