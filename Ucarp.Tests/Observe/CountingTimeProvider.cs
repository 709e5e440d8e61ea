using Microsoft.Extensions.Time.Testing;

namespace Ucarp.Tests.Observe;

/// <summary>A fake clock that counts how often its frequency is read: once per elapsed-time computation.</summary>
internal sealed class CountingTimeProvider : FakeTimeProvider
{
    public long FrequencyReads { get; set; }

    public override long TimestampFrequency
    {
        get
        {
            FrequencyReads++;
            return base.TimestampFrequency;
        }
    }
}
