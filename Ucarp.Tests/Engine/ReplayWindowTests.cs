using Ucarp.Protocol;
using Ucarp.Protocol.Engine;

namespace Ucarp.Tests.Engine;

public class ReplayWindowTests
{
    [Fact]
    public void Add_Sequence_EveryCounterUpToTheTopIsContained()
    {
        var window = new ReplayWindow();
        for (ulong c = 1000; c <= 1100; c++)
        {
            Assert.False(window.Contains(c));
            Assert.Equal(c, window.Add(c));
        }

        Assert.All(Enumerable.Range(1000, 101), c => Assert.True(window.Contains((ulong)c)));
        Assert.False(window.Contains(999));
        Assert.False(window.Contains(1101));
    }

    [Fact]
    public void Add_GapNearTheTop_MissedCounterStillNewOlderGapIsNot()
    {
        var window = new ReplayWindow();
        _ = window.Add(10);
        _ = window.Add(12);            // 11 missed
        Assert.False(window.Contains(11));
        Assert.Equal(12UL, window.Add(11));
        Assert.True(window.Contains(11));

        _ = window.Add(100);           // 13..99 missed, now more than 64 below the top for 13..35
        Assert.True(window.Contains(30));
        Assert.False(window.Contains(40));
    }

    [Fact]
    public void Add_FarCounter_StartsASecondSequenceBothRemembered()
    {
        var window = new ReplayWindow();
        _ = window.Add(5);
        _ = window.Add(6);
        const ulong Restarted = 0x8000_0000_0000_0000;

        Assert.False(window.Contains(Restarted));
        Assert.Equal(Restarted, window.Add(Restarted));
        Assert.Equal(Restarted + 1, window.Add(Restarted + 1));

        Assert.True(window.Contains(5));
        Assert.True(window.Contains(Restarted));
        Assert.Equal(7UL, window.Add(7));   // the first sequence goes on too
    }

    [Fact]
    public void Add_AcrossTheWrap_Continues()
    {
        var window = new ReplayWindow();
        _ = window.Add(ulong.MaxValue - 1);
        _ = window.Add(ulong.MaxValue);

        Assert.Equal(0UL, window.Add(0));
        Assert.Equal(1UL, window.Add(1));
        Assert.True(window.Contains(ulong.MaxValue));
        Assert.True(window.Contains(0));
        Assert.False(window.Contains(2));
        Assert.False(window.Contains(ulong.MaxValue - 2));
    }

    [Fact]
    public void Add_MoreSequencesThanRemembered_LeastRecentlyExtendedIsForgotten()
    {
        var window = new ReplayWindow();
        const ulong Spacing = 1UL << 40;   // beyond ReplayReach: every counter starts a sequence
        _ = window.Add(0);
        for (ulong i = 1; i < CarpConstants.ReplaySequences; i++)
        {
            _ = window.Add(i * Spacing);
        }
        _ = window.Add(1);                 // sequence 0 extended: now the most recent

        _ = window.Add(CarpConstants.ReplaySequences * Spacing);

        Assert.True(window.Contains(0));
        Assert.False(window.Contains(Spacing));
        Assert.True(window.Contains(2 * Spacing));
    }

    [Fact]
    public void Add_AsManySequencesAsRemembered_EveryOneIsKeptWhileTheTableGrows()
    {
        var window = new ReplayWindow();
        const ulong Spacing = 1UL << 40;
        for (ulong i = 0; i < CarpConstants.ReplaySequences; i++)
        {
            _ = window.Add(i * Spacing);
        }

        for (ulong i = 0; i < CarpConstants.ReplaySequences; i++)
        {
            Assert.True(window.Contains(i * Spacing), $"sequence {i} forgotten");
        }
    }

    [Fact]
    public void New_TakesRoomForAFewSequences_NotTheWholeTable()
    {
        // A hundred instances in one process each hold one: 32 bytes a sequence, 1,024 sequences
        // would be 32 KiB each before any counter is seen.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var window = new ReplayWindow();
        _ = window.Add(7);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < CarpConstants.ReplaySequences, $"{allocated} bytes");
    }
}
