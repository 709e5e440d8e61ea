namespace Ucarp.Cli.Daemon;

/// <summary>
/// At most <see cref="Burst"/> events (a transition, a script run) logged per <see cref="Window"/>; past
/// that they are only counted, and the count is handed over (<see cref="TakeSuppressed"/>) once the window
/// is over. A state flapping at the rate forged advertisements can drive it (the digest covers neither
/// advbase nor advskew) would otherwise write thousands of lines a second; ordinary transitions never
/// come this fast and keep ucarp's lines.
/// </summary>
internal sealed class BurstLogLimiter(TimeProvider time)
{
    public const int Burst = 10;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private long _windowStart = time.GetTimestamp();
    private int _logged;
    private long _suppressed;

    /// <summary>True when this event may be logged; otherwise it is counted.</summary>
    public bool TryAcquire()
    {
        long now = time.GetTimestamp();
        if (_suppressed == 0 && time.GetElapsedTime(_windowStart, now) >= Window)
        {
            Restart(now);
        }
        if (_logged < Burst)
        {
            _logged++;
            return true;
        }
        _suppressed++;
        return false;
    }

    /// <summary>How many events were held back, once their window is over (a new one starts then); else 0.</summary>
    public long TakeSuppressed()
    {
        if (_suppressed == 0)
        {
            return 0;
        }
        long now = time.GetTimestamp();
        if (time.GetElapsedTime(_windowStart, now) < Window)
        {
            return 0;
        }
        long suppressed = _suppressed;
        Restart(now);
        return suppressed;
    }

    private void Restart(long now)
    {
        _windowStart = now;
        _logged = 0;
        _suppressed = 0;
    }
}
