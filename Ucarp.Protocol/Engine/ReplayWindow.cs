namespace Ucarp.Protocol.Engine;

/// <summary>
/// The advert counters this host has seen, received or sent, as a few increasing sequences. Every
/// host of a vhid sends the last counter it received + 1 (carp.c carp_prepare_ad), so one vhid's
/// counters form one sequence; a host that has heard nobody starts a new one at a random value.
/// A counter inside a remembered sequence has been used before: a replay. A counter outside all
/// of them is a restarted peer (or a frame captured before this host started, which cannot be
/// told apart) and starts a sequence. Near each sequence's top an exact bitmap (the sliding window
/// of RFC 4303 §3.4.3) lets two masters that use counters a few apart both be heard; below it
/// everything counts as used. The least recently extended sequence is forgotten when full.
/// Counters wrap: all arithmetic is modulo 2⁶⁴.
/// </summary>
public sealed class ReplayWindow
{
    private const int BitmapSize = 64;

    private readonly ulong[] _low = new ulong[CarpConstants.ReplaySequences];
    private readonly ulong[] _high = new ulong[CarpConstants.ReplaySequences];
    private readonly ulong[] _seen = new ulong[CarpConstants.ReplaySequences];   // bit i: _high - i was used
    private readonly long[] _touched = new long[CarpConstants.ReplaySequences];
    private int _count;
    private long _clock;

    /// <summary>True when <paramref name="counter"/> was used, or lies below a sequence's exact window.</summary>
    public bool Contains(ulong counter)
    {
        for (int i = 0; i < _count; i++)
        {
            if (unchecked(counter - _low[i]) > unchecked(_high[i] - _low[i]))
            {
                continue;
            }
            ulong below = unchecked(_high[i] - counter);
            if (below >= BitmapSize || (_seen[i] & (1UL << (int)below)) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Records a counter not <see cref="Contains">contained</see>; returns the top of the sequence
    /// it joined, the counter to continue from so as never to reuse one.
    /// </summary>
    public ulong Add(ulong counter)
    {
        _clock++;
        for (int i = 0; i < _count; i++)
        {
            ulong ahead = unchecked(counter - _high[i]);
            ulong below = unchecked(_high[i] - counter);
            if (ahead is > 0 and <= CarpConstants.ReplayReach)
            {
                _seen[i] = (ahead >= BitmapSize ? 0 : _seen[i] << (int)ahead) | 1;
                _high[i] = counter;
            }
            else if (below < BitmapSize && unchecked(counter - _low[i]) <= unchecked(_high[i] - _low[i]))
            {
                _seen[i] |= 1UL << (int)below;
            }
            else
            {
                continue;
            }
            _touched[i] = _clock;
            return _high[i];
        }
        int slot = _count < _low.Length ? _count++ : LeastRecentlyTouched();
        _low[slot] = counter;
        _high[slot] = counter;
        _seen[slot] = 1;
        _touched[slot] = _clock;
        return counter;
    }

    private int LeastRecentlyTouched()
    {
        int oldest = 0;
        for (int i = 1; i < _touched.Length; i++)
        {
            if (_touched[i] < _touched[oldest])
            {
                oldest = i;
            }
        }
        return oldest;
    }
}
