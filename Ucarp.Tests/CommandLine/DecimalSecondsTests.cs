using System.Globalization;
using Ucarp.Cli.CommandLine;

namespace Ucarp.Tests.CommandLine;

/// <summary>DecimalSeconds replaced decimal.TryParse(AllowDecimalPoint): the BCL parser is the reference.</summary>
public sealed class DecimalSecondsTests
{
    public static TheoryData<string> Inputs() =>
    [
        "1", "0.5", ".25", "2.", ".", "", "1.2.3", "+1", "-1", " 1", "1 ", "1e3", "0x10", "１", "1,5",
        "0.001", "0.0009", "0.0001", "0.0000001", "0.00000001", "0.00000019", "86400", "86400.0000001",
        "86400.00000001", "86401", "000000000000000000000000000000000002.5", "99999999999999999999",
        "12.3456789", "7.000000000000000000000000009", "0", "0.", "00.000",
    ];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void SameAnswerAsDecimalTryParse(string text)
    {
        bool expected = decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds);

        bool actual = DecimalSeconds.TryParse(text, out TimeSpan value, out bool beyondTick);

        Assert.Equal(expected, actual);
        if (expected && seconds <= 100_000)
        {
            Assert.Equal(TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond)), value);
            Assert.Equal(seconds * TimeSpan.TicksPerSecond != decimal.Truncate(seconds * TimeSpan.TicksPerSecond), beyondTick);
        }
    }
}
