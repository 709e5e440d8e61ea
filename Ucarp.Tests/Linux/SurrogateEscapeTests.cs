using System.Text;
using Ucarp.Cli.Linux;

namespace Ucarp.Tests.Linux;

public class SurrogateEscapeTests
{
    [Fact]
    public void Decode_EveryByteAlone_AsciiOrEscapeAndBack()
    {
        for (int b = 0; b <= 0xFF; b++)
        {
            string decoded = SurrogateEscape.Decode([(byte)b]);
            Assert.Equal(b < 0x80 ? ((char)b).ToString() : ((char)(0xDC00 + b)).ToString(), decoded);
            Assert.Equal([(byte)b], SurrogateEscape.Encode(decoded));
        }
    }

    [Fact]
    public void Decode_ValidUtf8_AsUtf8()
    {
        const string text = "pässword €1 😀";
        Assert.Equal(text, SurrogateEscape.Decode(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(Encoding.UTF8.GetBytes(text), SurrogateEscape.Encode(text));
    }

    // Lone surrogates cannot go in attributes (their blobs are UTF-8), hence TheoryData.
    public static TheoryData<byte[], string> InvalidSequences => new()
    {
        { [(byte)'l', 0xFF, (byte)'v', (byte)'e'], "l\uDCFFve" },
        { [0xE2, 0x82, (byte)'A'], "\uDCE2\uDC82A" },                   // truncated 3-byte sequence
        { [0xC0, 0xAF], "\uDCC0\uDCAF" },                               // overlong '/'
        { [0xED, 0xA0, 0x80], "\uDCED\uDCA0\uDC80" },                   // a surrogate written as UTF-8
        { [0xF4, 0x90, 0x80, 0x80], "\uDCF4\uDC90\uDC80\uDC80" },       // above U+10FFFF
        { [0xC3, 0xA9, 0xFE], "\u00E9\uDCFE" },
    };

    [Theory]
    [MemberData(nameof(InvalidSequences))]
    public void Decode_InvalidSequences_EveryByteEscaped(byte[] bytes, string expected)
    {
        Assert.Equal(expected, SurrogateEscape.Decode(bytes));
        Assert.Equal(bytes, SurrogateEscape.Encode(expected));
    }

    [Fact]
    public void Decode_RandomBytes_RoundTripWithTheirLength()
    {
        var random = new Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            string decoded = SurrogateEscape.Decode(bytes);
            Assert.Equal(bytes.Length, SurrogateEscape.GetByteCount(decoded));
            Assert.Equal(bytes, SurrogateEscape.Encode(decoded));
        }
    }

    [Fact]
    public void Decode_DifferentInvalidBytes_StayDifferent() =>
        Assert.NotEqual(SurrogateEscape.Decode([(byte)'p', (byte)'w', 0xFF]), SurrogateEscape.Decode([(byte)'p', (byte)'w', 0xFE]));

    public static TheoryData<string> SurrogatesNotFromDecode => new()
    {
        "\uD800x",   // lone high surrogate
        "\uDC7F",    // low surrogate outside the escapes
        "x\uD83D",   // high surrogate at the end
    };

    [Theory]
    [MemberData(nameof(SurrogatesNotFromDecode))]
    public void Encode_SurrogateNotFromDecode_ReplacementCharacterAsUtf8(string text) =>
        Assert.Equal("\uFFFD"u8.ToArray(), SurrogateEscape.Encode(text).Where(b => b != (byte)'x').ToArray());

    [Fact]
    public void Encode_PairEndingInEscapeRange_IsThePair() =>
        Assert.Equal(Encoding.UTF8.GetBytes("\uDBFF\uDC80"), SurrogateEscape.Encode("\uDBFF\uDC80"));
}
