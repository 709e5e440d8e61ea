using System.Security.Cryptography;
using System.Text;
using Ucarp.Protocol.Auth;

namespace Ucarp.Tests.Auth;

public class Sha1Tests
{
    [Theory]
    // RFC 3174 §7.3 test vectors.
    [InlineData("abc", 1, "A9993E364706816ABA3E25717850C26C9CD0D89D")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, "84983E441C3BD26EBAAE4AA1F95129E5E54670F1")]
    [InlineData("a", 1000000, "34AA973CD4C4DAA4F61EEB2BDBAD27316534016F")]
    [InlineData("0123456701234567012345670123456701234567012345670123456701234567", 10, "DEA356A2CDDD90C7A7ECEDC5EBB563934F460452")]
    [InlineData("", 1, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709")]
    public void HashData_Rfc3174Vectors_Match(string text, int repeat, string expectedHex)
    {
        byte[] chunk = Encoding.ASCII.GetBytes(text);
        Sha1 sha = Sha1.Create();
        for (int i = 0; i < repeat; i++)
        {
            sha.Append(chunk);
        }
        byte[] hash = new byte[Sha1.HashSize];
        sha.Finish(hash);
        Assert.Equal(expectedHex, Convert.ToHexString(hash));
    }

    [Fact]
    public void HashData_RandomLengthsAndSplits_MatchBcl()
    {
        var random = new Random(5);
        for (int length = 0; length < 300; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            int split = random.Next(length + 1);
            Sha1 sha = Sha1.Create();
            sha.Append(data.AsSpan(0, split));
            sha.Append(data.AsSpan(split));
            byte[] ours = new byte[Sha1.HashSize];
            sha.Finish(ours);
            Assert.Equal(SHA1.HashData(data), ours);
        }
    }
}
