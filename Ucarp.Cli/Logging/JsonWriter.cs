using System.Buffers;
using System.Globalization;
using System.Text;

namespace Ucarp.Cli.Logging;

/// <summary>
/// The JSON we write: objects, arrays, strings, integers, booleans and null, compact or indented by two
/// spaces, into one UTF-8 buffer. System.Text.Json's writer did the same for a tenth of the binary.
/// Strings escape what JSON requires (quote, backslash, control characters); other text goes out as
/// UTF-8, a lone surrogate (a byte that was not UTF-8, see SurrogateEscape) as U+FFFD.
/// </summary>
internal sealed class JsonWriter(bool indented = false)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private int _depth;
    private bool _afterValue;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Forgets what was written, to write the next document into the same buffer.</summary>
    public void Reset()
    {
        _buffer.ResetWrittenCount();
        _depth = 0;
        _afterValue = false;
    }

    public void WriteStartObject() => Open(null, (byte)'{');

    public void WriteStartObject(string name) => Open(name, (byte)'{');

    public void WriteEndObject() => Close((byte)'}');

    public void WriteStartArray(string name) => Open(name, (byte)'[');

    public void WriteEndArray() => Close((byte)']');

    /// <summary>A string, or null when <paramref name="value"/> is.</summary>
    public void WriteString(string name, string? value)
    {
        Name(name);
        if (value is null)
        {
            Raw("null"u8);
        }
        else
        {
            Quoted(value);
        }
    }

    public void WriteStringValue(string value)
    {
        Separate();
        Quoted(value);
    }

    public void WriteNumber(string name, long value) => Number(name, value);

    public void WriteBoolean(string name, bool value)
    {
        Name(name);
        Raw(value ? "true"u8 : "false"u8);
    }

    public void WriteNull(string name)
    {
        Name(name);
        Raw("null"u8);
    }

    /// <summary>Ends the document with a newline (JSON Lines, and a file that ends in one).</summary>
    public void WriteNewLine() => Raw("\n"u8);

    // 20 bytes hold any 64-bit integer.
    private void Number<T>(string name, T value) where T : IUtf8SpanFormattable
    {
        Name(name);
        _ = value.TryFormat(_buffer.GetSpan(20), out int written, default, CultureInfo.InvariantCulture);
        _buffer.Advance(written);
    }

    private void Open(string? name, byte bracket)
    {
        if (name is null)
        {
            Separate();
        }
        else
        {
            Name(name);
        }
        Raw([bracket]);
        _depth++;
        _afterValue = false;
    }

    private void Close(byte bracket)
    {
        _depth--;
        if (_afterValue)
        {
            Indent();
        }
        Raw([bracket]);
        _afterValue = true;
    }

    private void Name(string name)
    {
        Separate();
        Quoted(name);
        Raw(indented ? ": "u8 : ":"u8);
    }

    // The comma before every value but a container's first, then the value's own line when indented.
    private void Separate()
    {
        if (_afterValue)
        {
            Raw(","u8);
        }
        if (_depth > 0)
        {
            Indent();
        }
        _afterValue = true;
    }

    private void Indent()
    {
        if (!indented)
        {
            return;
        }
        Span<byte> line = _buffer.GetSpan(1 + 2 * _depth)[..(1 + 2 * _depth)];
        line[0] = (byte)'\n';
        line[1..].Fill((byte)' ');
        _buffer.Advance(line.Length);
    }

    private void Quoted(string value)
    {
        Raw("\""u8);
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }
            Text(value.AsSpan(start, i - start));
            start = i + 1;
            switch (c)
            {
                case '"':
                    Raw("\\\""u8);
                    break;
                case '\\':
                    Raw("\\\\"u8);
                    break;
                case '\n':
                    Raw("\\n"u8);
                    break;
                case '\r':
                    Raw("\\r"u8);
                    break;
                case '\t':
                    Raw("\\t"u8);
                    break;
                default:
                    Raw("\\u00"u8);
                    Raw([Hex(c >> 4), Hex(c & 0xF)]);
                    break;
            }
        }
        Text(value.AsSpan(start));
        Raw("\""u8);
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    // Encoding.UTF8 writes a lone surrogate as U+FFFD, so the output stays valid UTF-8.
    private void Text(ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty)
        {
            _buffer.Advance(Encoding.UTF8.GetBytes(text, _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
        }
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
