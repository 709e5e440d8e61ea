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
/// Counters wrap: all arithmetic is modulo 2⁶⁴. The table starts with room for a few sequences
/// and doubles up to <see cref="CarpConstants.ReplaySequences"/>: a vhid has one sequence per
/// restart of its hosts, and a hundred instances in one process must not each carry 32 KiB.
/// </summary>
public sealed class ReplayWindow
{
    private const int BitmapSize = 64;
    private const int InitialSequences = 4;

    private Sequence[] _sequences = new Sequence[InitialSequences];
    private int _count;
    private long _clock;

    /// <summary>True when <paramref name="counter"/> was used, or lies below a sequence's exact window.</summary>
    public bool Contains(ulong counter)
    {
        for (int i = 0; i < _count; i++)
        {
            ref Sequence s = ref _sequences[i];
            if (unchecked(counter - s.Low) > unchecked(s.High - s.Low))
            {
                continue;
            }
            ulong below = unchecked(s.High - counter);
            if (below >= BitmapSize || (s.Seen & (1UL << (int)below)) != 0)
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
            ref Sequence s = ref _sequences[i];
            ulong ahead = unchecked(counter - s.High);
            ulong below = unchecked(s.High - counter);
            if (ahead is > 0 and <= CarpConstants.ReplayReach)
            {
                s.Seen = (ahead >= BitmapSize ? 0 : s.Seen << (int)ahead) | 1;
                s.High = counter;
            }
            else if (below < BitmapSize && unchecked(counter - s.Low) <= unchecked(s.High - s.Low))
            {
                s.Seen |= 1UL << (int)below;
            }
            else
            {
                continue;
            }
            s.Touched = _clock;
            return s.High;
        }
        int slot = NewSlot();   // before indexing: it may replace the array
        _sequences[slot] = new Sequence { Low = counter, High = counter, Seen = 1, Touched = _clock };
        return counter;
    }

    /// <summary>The next free slot, growing the table while it may; when full, the least recently extended.</summary>
    private int NewSlot()
    {
        if (_count == _sequences.Length && _count < CarpConstants.ReplaySequences)
        {
            Array.Resize(ref _sequences, Math.Min(2 * _count, CarpConstants.ReplaySequences));
        }
        if (_count < _sequences.Length)
        {
            return _count++;
        }
        int oldest = 0;
        for (int i = 1; i < _count; i++)
        {
            if (_sequences[i].Touched < _sequences[oldest].Touched)
            {
                oldest = i;
            }
        }
        return oldest;
    }

    private struct Sequence
    {
        public ulong Low;
        public ulong High;
        public ulong Seen;    // bit i: High - i was used
        public long Touched;
    }
}
