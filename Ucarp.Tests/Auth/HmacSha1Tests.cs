using System.Security.Cryptography;
using System.Text;
using Ucarp.Protocol.Auth;

namespace Ucarp.Tests.Auth;

public class HmacSha1Tests
{
    // RFC 2202 §3, all seven HMAC-SHA1 cases (key and data as hex; "rep:" repeats a byte).
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b617318655057264e28bc0b6fb378c8ef146be00")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")]
    [InlineData("rep:aa:20", "rep:dd:50", "125d7342b9ac11cd91a39af48aa17b4f63f175d3")]
    [InlineData("0102030405060708090a0b0c0d0e0f10111213141516171819", "rep:cd:50", "4c9007f4026250c6bc8414f9bf50c86c2d7235da")]
    [InlineData("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04")]
    [InlineData("rep:aa:80", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "aa4ae5e15272d00e95705637ce8a3b55ed402112")]
    [InlineData("rep:aa:80", "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b657920616e64204c6172676572205468616e204f6e6520426c6f636b2d53697a652044617461", "e8e99d0f45237d786d6bbaa7965c7808bbff1a91")]
    public void HashData_Rfc2202Vectors_Match(string keyHex, string dataHex, string expectedHex)
    {
        byte[] hash = new byte[HmacSha1.HashSize];
        HmacSha1.HashData(Bytes(keyHex), Bytes(dataHex), hash);
        Assert.Equal(expectedHex, Convert.ToHexString(hash), ignoreCase: true);
    }

    [Fact]
    public void HashData_RandomKeysAndMessages_MatchBclHmacSha1()
    {
        var random = new Random(99);
        byte[] ours = new byte[HmacSha1.HashSize];
        for (int i = 0; i < 500; i++)
        {
            byte[] key = new byte[random.Next(0, 100)];
            byte[] message = new byte[random.Next(0, 200)];
            random.NextBytes(key);
            random.NextBytes(message);
            HmacSha1.HashData(key, message, ours);
            Assert.Equal(HMACSHA1.HashData(key, message), ours);
        }
    }

    [Fact]
    public void CarpDigest_EqualsStandardHmacOverFifteenByteMessage()
    {
        byte[] password = Encoding.ASCII.GetBytes("s3cret pass");
        byte[] message = [0x02, 0x01, 42, 198, 18, 0, 42, 1, 2, 3, 4, 5, 6, 7, 8];
        byte[] digest = new byte[20];
        new CarpDigest(password, 42, 0xC612002A).Compute(message.AsSpan(7), digest);
        Assert.Equal(HMACSHA1.HashData(password, message), digest);
    }

    [Fact]
    public void CarpDigest_TwentyBytePassword_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new CarpDigest("0123456789abcdefghij"u8, 1, 0));
        _ = new CarpDigest("0123456789abcdefghi"u8, 1, 0);
    }

    private static byte[] Bytes(string spec)
    {
        if (spec.StartsWith("rep:", StringComparison.Ordinal))
        {
            string[] parts = spec.Split(':');
            return Enumerable.Repeat(Convert.FromHexString(parts[1])[0], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        return Convert.FromHexString(spec);
    }
}
