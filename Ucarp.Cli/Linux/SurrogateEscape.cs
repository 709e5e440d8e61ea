using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Linux hands us bytes (argv, environment, file and interface names) that need not be UTF-8. To keep them
/// exactly while the code works on strings, decode as Python's "surrogateescape" does: valid UTF-8 as usual,
/// each byte of an invalid sequence 0xXY as the lone surrogate U+DCXY (which valid UTF-8 never yields).
/// Encoding turns those back into the byte, so Encode(Decode(b)) == b for every byte string.
/// </summary>
internal static class SurrogateEscape
{
    private const char FirstEscape = '\uDC80';
    private const char LastEscape = '\uDCFF';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }
        // Never more chars than bytes: a 4-byte sequence gives 2 chars, every other byte at most 1.
        var chars = new char[bytes.Length];
        int count = 0;
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out Rune rune, out int used) == OperationStatus.Done)
            {
                count += rune.EncodeToUtf16(chars.AsSpan(count));
            }
            else
            {
                for (int i = 0; i < used; i++)
                {
                    chars[count++] = (char)(FirstEscape - 0x80 + bytes[i]);
                }
            }
            bytes = bytes[used..];
        }
        return new string(chars, 0, count);
    }

    public static int GetByteCount(ReadOnlySpan<char> text) => Transcode(text, Span<byte>.Empty, write: false);

    /// <summary>
    /// Writes the bytes of `text` to `destination` (at least GetByteCount long) and returns how many.
    /// </summary>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination) => Transcode(text, destination, write: true);

    public static byte[] Encode(string text)
    {
        var bytes = new byte[GetByteCount(text)];
        _ = Encode(text, bytes);
        return bytes;
    }

    /// <summary>Any other lone surrogate (not from Decode) becomes U+FFFD, as Encoding.UTF8 writes it.</summary>
    private static int Transcode(ReadOnlySpan<char> text, Span<byte> destination, bool write)
    {
        int count = 0;
        while (!text.IsEmpty)
        {
            // A high surrogate before it would have been decoded as a pair below, so this one is lone.
            if (text[0] is >= FirstEscape and <= LastEscape)
            {
                if (write)
                {
                    destination[count] = (byte)(text[0] - FirstEscape + 0x80);
                }
                count++;
                text = text[1..];
                continue;
            }
            _ = Rune.DecodeFromUtf16(text, out Rune rune, out int used);
            count += write ? rune.EncodeToUtf8(destination[count..]) : rune.Utf8SequenceLength;
            text = text[used..];
        }
        return count;
    }
}
