using System.Net;
using Ucarp.Cli.CommandLine;

namespace Ucarp.Tests.CommandLine;

public sealed class InetPtonTests(GlibcReference glibc)
{
    private static readonly string[] _cases =
    [
        "198.18.0.1", "0.0.0.0", "255.255.255.255", "198.18.0.300", "1.2.3.04", "1.2.3.0", "01.2.3.4",
        "1.2.3", "1.2.3.4.", "1.2.3.4.5", ".1.2.3", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "nonsense", "",
        "10", "0x7f.0.0.1", "256.1.1.1", "1.2.3.255", "1.2.3.256", "1.2.3.-1", "1.2.3.4/24", "::1",
        "1.2.3.00", "1.2.3.4\n", "１.2.3.4",
    ];

    [Theory]
    [InlineData("198.18.0.1", true)]
    [InlineData("198.18.0.300", false)]
    [InlineData("1.2.3.04", false)]
    [InlineData("10", false)]
    [InlineData("nonsense", false)]
    public void TryParseIPv4_Text_AsInetPton(string text, bool valid)
    {
        Assert.Equal(valid, InetPton.TryParseIPv4(text, out IPAddress address));
        if (valid)
        {
            Assert.Equal(IPAddress.Parse(text), address);
        }
    }

    [Fact]
    public void TryParseIPv4_HandPickedAndRandomStrings_MatchGlibc()
    {
        var random = new Random(4);
        const string Alphabet = "0123456789..x ";
        IEnumerable<string> randomCases = Enumerable.Range(0, 3000).Select(_ =>
            new string([.. Enumerable.Range(0, random.Next(0, 17)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]));
        string[] texts = [.. _cases, .. randomCases];

        IReadOnlyList<byte[]?> expected = glibc.InetPton(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            byte[]? actual = InetPton.TryParseIPv4(texts[i], out IPAddress address) ? address.GetAddressBytes() : null;
            Assert.True(
                expected[i] is null ? actual is null : actual is not null && expected[i]!.SequenceEqual(actual),
                $"[{texts[i]}]");
        }
    }
}
