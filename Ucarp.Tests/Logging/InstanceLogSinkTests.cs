using System.Text.Json;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Tests.Fakes;

namespace Ucarp.Tests.Logging;

public sealed class InstanceLogSinkTests
{
    private static readonly DateTime At = new(2026, 11, 27, 8, 55, 36, DateTimeKind.Utc);

    private readonly RecordingSink _process = new();
    private readonly Logger _log = new();

    public InstanceLogSinkTests() => _log.AddSink(_process);

    /// <summary>The JSON line the terminal would print for each line the process's logger received.</summary>
    private List<JsonElement> JsonLines() =>
        [.. _process.Lines.Select(l => JsonDocument.Parse(JsonLogLine.Format(At, l.Level, l.Message, l.Details)).RootElement)];

    [Fact]
    public void EveryLine_PlainOrEvent_CarriesInterfaceVhidAndVip()
    {
        Logger instance = InstanceLogSink.For(_log, "[eth0 vhid 3] ", new LogInstance("eth0", 3, "198.18.0.103"));

        instance.Warning("Switching to state: MASTER",
            LogEvent.Transition(new StateChange(CarpState.Backup, CarpState.Master, TransitionReason.MasterDown, true)));
        instance.Info("Spawning [/etc/ucarp/vip-up eth0 198.18.0.103]");

        List<JsonElement> lines = JsonLines();
        Assert.All(lines, line => Assert.Equal(("eth0", 3, "198.18.0.103"),
            (line.GetProperty("interface").GetString(), line.GetProperty("vhid").GetInt32(), line.GetProperty("vip").GetString())));
        Assert.Equal("[eth0 vhid 3] Switching to state: MASTER", lines[0].GetProperty("message").GetString());
        Assert.Equal(("transition", "MASTER"), (lines[0].GetProperty("event").GetString(), lines[0].GetProperty("to").GetString()));
        Assert.False(lines[1].TryGetProperty("event", out _));
    }

    [Fact]
    public void TwoInstances_OneLog_FieldsTellThemApart()
    {
        InstanceLogSink.For(_log, "", new LogInstance("eth0", 1, "2001:db8::101")).Info("a");
        InstanceLogSink.For(_log, "", new LogInstance("eth1:carp", 2, "198.18.1.102")).Info("b");
        _log.Info("Local advertised ethernet address is [02:00:00:00:00:01]");

        List<JsonElement> lines = JsonLines();
        Assert.Equal(["2001:db8::101", "198.18.1.102"], lines.Take(2).Select(l => l.GetProperty("vip").GetString()));
        Assert.Equal("eth1:carp", lines[1].GetProperty("interface").GetString());
        Assert.Equal("a", lines[0].GetProperty("message").GetString());
        // A line about the process as a whole names no instance.
        Assert.False(lines[2].TryGetProperty("vhid", out _));
    }
}
