using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Logging;

/// <summary>
/// At most one warning line per reason per second for what received packets cause (bad digest,
/// TTL, version, checksum), with the count of lines held back. The original logs every packet:
/// a flood of forged adverts would write tens of thousands of lines a second.
/// </summary>
internal sealed class PacketWarningLimiter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly long[] _lastLogged = new long[Enum.GetValues<DropReason>().Length];
    private readonly long[] _suppressed = new long[Enum.GetValues<DropReason>().Length];
    private readonly bool[] _everLogged = new bool[Enum.GetValues<DropReason>().Length];

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> says how many were held back since the last.</summary>
    public bool TryAcquire(DropReason reason, out long suppressed)
    {
        int i = (int)reason;
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
