namespace Ucarp.Protocol.Observe;

/// <summary>
/// A budget in the observer's virtual time: <see cref="PerSecond"/> units a second, saved up to
/// <see cref="Burst"/>. It bounds what a flood of forged sources can make the observer do or print.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(int perSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentNullException.ThrowIfNull(time);
        PerSecond = perSecond;
        Burst = burst;
        _time = time;
        _tokens = burst;
        _refilledAt = time.GetTimestamp();
    }

    public int PerSecond { get; }

    public int Burst { get; }

    /// <summary>Whole units available now.</summary>
    public long Available(long now)
    {
        _tokens = Math.Min(Burst, _tokens + _time.GetElapsedTime(_refilledAt, now).TotalSeconds * PerSecond);
        _refilledAt = now;
        return (long)_tokens;
    }

    /// <summary>Takes one unit if there is one.</summary>
    public bool TryTake(long now)
    {
        if (Available(now) < 1)
        {
            return false;
        }
        _tokens--;
        return true;
    }

    /// <summary>Spends units already known to be <see cref="Available"/>.</summary>
    public void Take(long units) => _tokens -= units;
}
