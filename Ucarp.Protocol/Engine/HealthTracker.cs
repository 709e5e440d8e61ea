namespace Ucarp.Protocol.Engine;

/// <summary>
/// keepalived's fall/rise over a health check's results: <c>fall</c> consecutive failures make
/// the host unhealthy, <c>rise</c> consecutive successes healthy again. The first result alone
/// decides the initial health, so a host started with its service down never waits
/// fall × interval advertising as healthy. A timeout is a failure.
/// </summary>
public sealed class HealthTracker
{
    private readonly int _fall;
    private readonly int _rise;
    private readonly long[] _runs = new long[Enum.GetValues<CheckResult>().Length];

    public HealthTracker(int fall, int rise)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fall, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rise, 1);
        _fall = fall;
        _rise = rise;
    }

    /// <summary>Null until the first result.</summary>
    public bool? Healthy { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    public int ConsecutiveSuccesses { get; private set; }

    /// <summary>How many runs ended with <paramref name="result"/>.</summary>
    public long Runs(CheckResult result) => _runs[(int)result];

    /// <summary>Every run so far, whatever its result.</summary>
    public long TotalRuns { get; private set; }

    /// <summary>Counts one result; true when it changed <see cref="Healthy"/>.</summary>
    public bool Record(CheckResult result)
    {
        _runs[(int)result]++;
        TotalRuns++;
        bool passed = result == CheckResult.Passed;
        if (passed)
        {
            ConsecutiveSuccesses = ConsecutiveSuccesses == int.MaxValue ? int.MaxValue : ConsecutiveSuccesses + 1;
            ConsecutiveFailures = 0;
        }
        else
        {
            ConsecutiveFailures = ConsecutiveFailures == int.MaxValue ? int.MaxValue : ConsecutiveFailures + 1;
            ConsecutiveSuccesses = 0;
        }
        bool? next = Healthy switch
        {
            null => passed,
            true when ConsecutiveFailures >= _fall => false,
            false when ConsecutiveSuccesses >= _rise => true,
            _ => Healthy,
        };
        if (next == Healthy)
        {
            return false;
        }
        Healthy = next;
        return true;
    }
}
