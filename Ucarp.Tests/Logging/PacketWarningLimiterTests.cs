using Microsoft.Extensions.Time.Testing;
using Ucarp.Cli.Logging;

namespace Ucarp.Tests.Logging;

public class PacketWarningLimiterTests
{
    private const int BadDigest = 0;
    private const int BadTtl = 1;

    private readonly FakeTimeProvider _time = new();
    private readonly PacketWarningLimiter _limiter;

    public PacketWarningLimiterTests() => _limiter = new PacketWarningLimiter(_time, kinds: 2);

    [Fact]
    public void TryAcquire_FirstWarning_PassesWithNothingHeld()
    {
        Assert.True(_limiter.TryAcquire(BadDigest, out long suppressed));
        Assert.Equal(0, suppressed);
    }

    [Fact]
    public void TryAcquire_MoreWithinTheSecond_AreHeld()
    {
        Assert.True(_limiter.TryAcquire(BadDigest, out _));
        for (int i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.False(_limiter.TryAcquire(BadDigest, out long suppressed));
            Assert.Equal(0, suppressed);
        }
    }

    [Fact]
    public void TryAcquire_NextAllowedAfterTheWindow_ReportsHowManyWereHeld()
    {
        Assert.True(_limiter.TryAcquire(BadDigest, out _));
        for (int i = 0; i < 3; i++)
        {
            Assert.False(_limiter.TryAcquire(BadDigest, out _));
        }
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(_limiter.TryAcquire(BadDigest, out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_limiter.TryAcquire(BadDigest, out long suppressed));
        Assert.Equal(4, suppressed);

        // The count starts again from the line just allowed.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_limiter.TryAcquire(BadDigest, out suppressed));
        Assert.Equal(0, suppressed);
    }

    [Fact]
    public void TryAcquire_OtherKind_HasItsOwnWindowAndCount()
    {
        Assert.True(_limiter.TryAcquire(BadDigest, out _));
        Assert.False(_limiter.TryAcquire(BadDigest, out _));

        Assert.True(_limiter.TryAcquire(BadTtl, out long ttlHeld));
        Assert.Equal(0, ttlHeld);
        Assert.False(_limiter.TryAcquire(BadTtl, out _));
        Assert.False(_limiter.TryAcquire(BadTtl, out _));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_limiter.TryAcquire(BadDigest, out long digestHeld));
        Assert.True(_limiter.TryAcquire(BadTtl, out ttlHeld));
        Assert.Equal((1L, 2L), (digestHeld, ttlHeld));
    }
}
