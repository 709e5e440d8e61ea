using Microsoft.Extensions.Time.Testing;
using Ucarp.Cli.Logging;

namespace Ucarp.Tests.Logging;

public class PacketWarningLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryAcquire_WithinASecond_HoldsBackAndCountsThenReportsTheCount()
    {
        var limiter = new PacketWarningLimiter(_time, kinds: 1);
        Assert.True(limiter.TryAcquire(0, out long first));
        Assert.Equal(0, first);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(limiter.TryAcquire(0, out _));
        Assert.False(limiter.TryAcquire(0, out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryAcquire(0, out long suppressed));
        Assert.Equal(2, suppressed);
    }

    [Fact]
    public void TryAcquire_KindsAreIndependent()
    {
        var limiter = new PacketWarningLimiter(_time, kinds: 2);
        Assert.True(limiter.TryAcquire(0, out _));
        Assert.False(limiter.TryAcquire(0, out _));
        Assert.True(limiter.TryAcquire(1, out long other));
        Assert.Equal(0, other);
    }
}
