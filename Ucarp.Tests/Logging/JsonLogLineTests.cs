using System.Text;
using System.Text.Json;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Logging;

public class JsonLogLineTests
{
    private static readonly DateTime At = new DateTime(2026, 11, 27, 8, 55, 36, DateTimeKind.Utc).AddTicks(1234560);

    private static JsonElement Line(LogLevel level, string message, LogEvent details = default)
    {
        byte[] bytes = JsonLogLine.Format(At, level, message, details);
        string text = Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Count(c => c == '\n'));   // JSON Lines: one object, one line
        return JsonDocument.Parse(bytes).RootElement;
    }

    private static string[] Names(JsonElement line) => [.. line.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Format_PlainLine_TimeLevelMessageOnly()
    {
        JsonElement line = Line(LogLevel.Info, "Local advertised ethernet address is [02:00:00:00:00:01]");

        Assert.Equal(["time", "level", "message"], Names(line));
        Assert.Equal("2026-11-27T08:55:36.123456Z", line.GetProperty("time").GetString());
        Assert.Equal("info", line.GetProperty("level").GetString());
        Assert.Equal("Local advertised ethernet address is [02:00:00:00:00:01]", line.GetProperty("message").GetString());
    }

    [Fact]
    public void Format_MessageWithNewlineAndQuotes_StillOneLine() =>
        Assert.Equal("a\n\"b\"", Line(LogLevel.Error, "a\n\"b\"").GetProperty("message").GetString());

    [Fact]
    public void Format_Transition_FromToReason()
    {
        JsonElement line = Line(LogLevel.Warning, "Switching to state: MASTER",
            LogEvent.Transition(new StateChange(CarpState.Backup, CarpState.Master, TransitionReason.MasterDown, true)));

        Assert.Equal(["time", "level", "message", "event", "from", "to", "reason"], Names(line));
        Assert.Equal(("transition", "BACKUP", "MASTER", "MasterDown"),
            (line.GetProperty("event").GetString(), line.GetProperty("from").GetString(), line.GetProperty("to").GetString(), line.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData(0, 0, "down", 0, null)]
    [InlineData(3, 0, "down", 3, null)]
    [InlineData(-1, 9, "down", null, 9)]
    public void Format_ScriptEnded_ScriptExitAndSignal(int code, int signal, string script, int? exit, int? killedBy)
    {
        JsonElement line = Line(LogLevel.Warning, "Script [/x] ended",
            LogEvent.ScriptEnded(CarpState.Backup, new ProcessExit(code, signal, StatusLost: false)));

        Assert.Equal("script", line.GetProperty("event").GetString());
        Assert.Equal(script, line.GetProperty("script").GetString());
        JsonElement e = line.GetProperty("exit");
        Assert.Equal(exit, e.ValueKind == JsonValueKind.Null ? null : e.GetInt32());
        Assert.Equal(killedBy, line.TryGetProperty("signal", out JsonElement s) ? s.GetInt32() : null);
    }

    [Fact]
    public void Format_ScriptNotStarted_UpWithNullExit()
    {
        JsonElement line = Line(LogLevel.Error, "Unable to exec", LogEvent.ScriptEnded(CarpState.Master, null));

        Assert.Equal("up", line.GetProperty("script").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("exit").ValueKind);
    }

    [Fact]
    public void Format_Drop_ReasonAndSource()
    {
        JsonElement line = Line(LogLevel.Warning, "Bad TTL: [64]", LogEvent.Drop(DropReason.BadTtl, 0xC6120002));

        Assert.Equal(["time", "level", "message", "event", "reason", "source"], Names(line));
        Assert.Equal(("drop", "bad_ttl", "198.18.0.2"),
            (line.GetProperty("event").GetString(), line.GetProperty("reason").GetString(), line.GetProperty("source").GetString()));
    }
}
