using System.Globalization;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;

namespace Ucarp.Tests.Logging;

public class TimestampsTests
{
    // Instants across years, months, leap days and the fraction's edges, checked against DateTime's own formatting.
    public static TheoryData<long> Instants()
    {
        var data = new TheoryData<long>
        {
            new DateTime(2026, 11, 27, 8, 55, 36, DateTimeKind.Utc).AddTicks(1234567).Ticks,
            new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(9999999).Ticks,
            new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks,
            new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(10).Ticks,
        };
        var random = new Random(42);
        for (int i = 0; i < 50; i++)
        {
            data.Add(random.NextInt64(DateTime.UnixEpoch.Ticks, new DateTime(2100, 1, 1).Ticks));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Instants))]
    public void DateAndTime_SameAsDateTimeFormatting(long ticks)
    {
        var clock = new DateTime(ticks, DateTimeKind.Utc);
        Assert.Equal(clock.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture), Timestamps.DateAndTime(clock));
        Assert.Equal(clock.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), Timestamps.Rfc3339Utc(clock));
        Assert.Equal(clock.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), Timestamps.TimeOfDayMilliseconds(clock));
    }

    [Theory]
    [MemberData(nameof(Instants))]
    public void LocalTime_At_SameOffsetAsTimeZoneInfoLocal(long ticks)
    {
        var utc = new DateTime(Math.Min(ticks, new DateTime(2100, 1, 1).Ticks), DateTimeKind.Utc);
        DateTimeOffset local = LocalTime.At(utc);
        Assert.Equal(TimeZoneInfo.Local.GetUtcOffset(utc), local.Offset);
        Assert.Equal(utc, local.UtcDateTime);
    }
}
