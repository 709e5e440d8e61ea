namespace Ucarp.Cli.Logging;

/// <summary>
/// At most one warning line per kind per second for what packets cause (bad digest, TTL,
/// version, checksum, non-peer sources, unreachable peers), with the count of lines held back. The
/// original logs every packet: a flood of forged adverts would write tens of thousands of lines a second.
/// </summary>
/// <param name="kinds">How many independent kinds (e.g. the values of DropReason), numbered from 0.</param>
internal sealed class PacketWarningLimiter(TimeProvider time, int kinds)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly long[] _lastLogged = new long[kinds];
    private readonly long[] _suppressed = new long[kinds];
    private readonly bool[] _everLogged = new bool[kinds];

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> says how many were held back since the last.</summary>
    public bool TryAcquire(int kind, out long suppressed)
    {
        int i = kind;
        long now = time.GetTimestamp();
        if (_everLogged[i] && time.GetElapsedTime(_lastLogged[i], now) < Window)
        {
            _suppressed[i]++;
            suppressed = 0;
            return false;
        }
        _everLogged[i] = true;
        _lastLogged[i] = now;
        suppressed = _suppressed[i];
        _suppressed[i] = 0;
        return true;
    }
}
