using Ucarp.Cli.CommandLine;

namespace Ucarp.Tests.CommandLine;

public sealed class StrToUlTests(GlibcReference glibc)
{
    private static readonly string[] _cases =
    [
        "", "0", "7", "42", "255", "256", "0x10", "0X1f", "0x", "0xg", "010", "08", "09", "0", "00",
        " 7", "\t\n\v\f\r 7", "+7", "-7", "-1", "-0", "- 7", "+-7", "7abc", "abc", "1e3", "0b101",
        "18446744073709551615", "18446744073709551616", "99999999999999999999999",
        "-18446744073709551615", "-18446744073709551616", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "0xffffffffffffffff", "0x10000000000000000", "4294967296", "4294967295", "0777", "1.5",
        "\u00a07", "７", "0x7fffffffffffffff", "0x8000000000000000", "-0x8000000000000000",
    ];

    [Theory]
    [InlineData("0x10", 16UL)]
    [InlineData("010", 8UL)]
    [InlineData("08", 0UL)]
    [InlineData(" +42xyz", 42UL)]
    [InlineData("abc", 0UL)]
    [InlineData("-1", ulong.MaxValue)]
    [InlineData("99999999999999999999", ulong.MaxValue)]
    [InlineData("-18446744073709551615", 1UL)]
    public void Parse_CNumber_AsStrtoul(string text, ulong expected) => Assert.Equal(expected, StrToUl.Parse(text));

    [Theory]
    [InlineData("-18446744073709551615", long.MinValue)]
    [InlineData("99999999999999999999", long.MaxValue)]
    [InlineData("-7", -7L)]
    public void ParseSigned_CNumber_AsStrtol(string text, long expected) => Assert.Equal(expected, StrToUl.ParseSigned(text));

    [Fact]
    public void Parse_HandPickedAndRandomStrings_MatchGlibc()
    {
        var random = new Random(3);
        const string Alphabet = "0123456789abcdefxX+- \t";
        IEnumerable<string> randomCases = Enumerable.Range(0, 3000).Select(_ =>
            new string([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]));
        string[] texts = [.. _cases, .. randomCases];

        IReadOnlyList<(ulong StrToUl, long StrToL)> expected = glibc.StrToUl(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(expected[i] == (StrToUl.Parse(texts[i]), StrToUl.ParseSigned(texts[i])), $"[{texts[i]}]: glibc {expected[i]}");
        }
    }
}
