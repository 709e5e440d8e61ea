using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Packets;

public class InternetChecksumTests
{
    [Fact]
    public void Compute_Rfc1071Example_ReturnsComplementOfSum()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (with end-around carry).
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        Assert.Equal(0xffff - 0xddf2, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Compute_OddLength_PadsLastByteWithZero()
    {
        byte[] odd = [0x12, 0x34, 0x56];
        byte[] padded = [0x12, 0x34, 0x56, 0x00];
        Assert.Equal(InternetChecksum.Compute(padded), InternetChecksum.Compute(odd));
    }

    [Fact]
    public void Compute_DataWithItsChecksumStored_ReturnsZero()
    {
        var random = new Random(7);
        for (int length = 2; length < 100; length += 2)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            data[0] = 0;
            data[1] = 0;
            ushort sum = InternetChecksum.Compute(data);
            data[0] = (byte)(sum >> 8);
            data[1] = (byte)sum;
            Assert.Equal(0, InternetChecksum.Compute(data));
        }
    }

    [Fact]
    public void Compute_LongInput_MatchesWordByWordReference()
    {
        var random = new Random(11);
        for (int length = 0; length < 300; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data), InternetChecksum.Compute(data));
        }
    }

    // ucarp carp.c cksum(), transcribed.
    private static ushort Reference(byte[] buf)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < buf.Length; i += 2)
        {
            sum += (uint)((buf[i] << 8) | buf[i + 1]);
            if (sum > 0xffff) { sum = (sum & 0xffff) + 1; }
        }
        if (i < buf.Length)
        {
            sum += (uint)(buf[i] << 8);
            if (sum > 0xffff) { sum = (sum & 0xffff) + 1; }
        }
        return (ushort)~sum;
    }
}
