using System.Buffers;
using System.Text;
using System.Text.Json;
using Ucarp.Cli.Logging;

namespace Ucarp.Tests.Logging;

public class JsonWriterTests
{
    // The same document through ours and through System.Text.Json's writer, which ours replaced.
    private static void Sample(JsonWriter ours, Utf8JsonWriter theirs)
    {
        ours.WriteStartObject();
        theirs.WriteStartObject();
        ours.WriteNumber("pid", 4242);
        theirs.WriteNumber("pid", 4242);
        ours.WriteString("state", "MASTER");
        theirs.WriteString("state", "MASTER");
        ours.WriteString("reason", null);
        theirs.WriteNull("reason");
        ours.WriteBoolean("preempt", true);
        theirs.WriteBoolean("preempt", true);
        ours.WriteNull("vip");
        theirs.WriteNull("vip");
        ours.WriteStartObject("counters");
        theirs.WriteStartObject("counters");
        ours.WriteNumber("min", long.MinValue);
        theirs.WriteNumber("min", long.MinValue);
        ours.WriteNumber("max", long.MaxValue);
        theirs.WriteNumber("max", long.MaxValue);
        ours.WriteStartObject("empty");
        theirs.WriteStartObject("empty");
        ours.WriteEndObject();
        theirs.WriteEndObject();
        ours.WriteEndObject();
        theirs.WriteEndObject();
        ours.WriteStartArray("sources");
        theirs.WriteStartArray("sources");
        ours.WriteStringValue("198.18.0.1");
        theirs.WriteStringValue("198.18.0.1");
        ours.WriteStartObject();
        theirs.WriteStartObject();
        ours.WriteNumber("vhid", 7);
        theirs.WriteNumber("vhid", 7);
        ours.WriteEndObject();
        theirs.WriteEndObject();
        ours.WriteEndArray();
        theirs.WriteEndArray();
        ours.WriteEndObject();
        theirs.WriteEndObject();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_SampleDocument_SameBytesAsSystemTextJson(bool indented)
    {
        var ours = new JsonWriter(indented);
        var buffer = new ArrayBufferWriter<byte>();
        using (var theirs = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, NewLine = "\n" }))
        {
            Sample(ours, theirs);
        }

        Assert.Equal(Encoding.UTF8.GetString(buffer.WrittenSpan), Encoding.UTF8.GetString(ours.WrittenSpan));
    }

    [Fact]
    public void WriteString_EveryAsciiCharacterAndBeyond_ParsesBackUnchanged()
    {
        var text = new StringBuilder();
        for (char c = '\0'; c < 0x80; c++)
        {
            text.Append(c);
        }
        text.Append("é€\u2028😀");
        var ours = new JsonWriter();
        ours.WriteStartObject();
        ours.WriteString(text.ToString(), text.ToString());
        ours.WriteEndObject();

        JsonProperty only = Assert.Single(JsonDocument.Parse(ours.WrittenSpan.ToArray()).RootElement.EnumerateObject());
        Assert.Equal(text.ToString(), only.Name);
        Assert.Equal(text.ToString(), only.Value.GetString());
        Assert.DoesNotContain((byte)'\n', ours.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteString_LoneSurrogate_BecomesReplacementCharacter()
    {
        var ours = new JsonWriter();
        ours.WriteStartObject();
        ours.WriteString("path", "/etc/a\uDC80b");
        ours.WriteEndObject();

        Assert.Equal("/etc/a\uFFFDb", JsonDocument.Parse(ours.WrittenSpan.ToArray()).RootElement.GetProperty("path").GetString());
    }

    [Fact]
    public void Reset_SecondDocument_StartsFresh()
    {
        var ours = new JsonWriter();
        ours.WriteStartObject();
        ours.WriteNumber("a", 1);
        ours.WriteEndObject();
        ours.Reset();
        ours.WriteStartObject();
        ours.WriteNumber("b", 2);
        ours.WriteEndObject();
        ours.WriteNewLine();

        Assert.Equal("{\"b\":2}\n", Encoding.UTF8.GetString(ours.WrittenSpan));
    }
}
