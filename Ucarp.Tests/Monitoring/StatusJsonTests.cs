using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ucarp.Cli.Monitoring;

namespace Ucarp.Tests.Monitoring;

public class StatusJsonTests
{
    private static JsonElement Parse(InstanceSnapshot snapshot) => JsonDocument.Parse(StatusJson.Format(snapshot)).RootElement;

    [Fact]
    public void Format_Master_EveryFieldWithItsJsonType()
    {
        JsonElement root = Parse(SnapshotSamples.Master());

        Assert.Equal(
            ["pid", "interface", "vhid", "vip", "source", "state", "previous_state", "since", "reason", "written_at", "advbase", "advskew",
             "effective_advskew", "preempt", "master", "counters"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4242, root.GetProperty("pid").GetInt32());
        Assert.Equal("eth0", root.GetProperty("interface").GetString());
        Assert.Equal(7, root.GetProperty("vhid").GetInt32());
        Assert.Equal("198.18.0.100", root.GetProperty("vip").GetString());
        Assert.Equal("198.18.0.1", root.GetProperty("source").GetString());
        Assert.Equal("MASTER", root.GetProperty("state").GetString());
        Assert.Equal("BACKUP", root.GetProperty("previous_state").GetString());
        Assert.Equal("MasterDown", root.GetProperty("reason").GetString());
        Assert.Equal(2, root.GetProperty("advbase").GetInt32());
        Assert.Equal(10, root.GetProperty("advskew").GetInt32());
        Assert.Equal(240, root.GetProperty("effective_advskew").GetInt32());
        Assert.Equal(JsonValueKind.True, root.GetProperty("preempt").ValueKind);
        Assert.Equal("198.18.0.1", root.GetProperty("master").GetString());
    }

    [Fact]
    public void Format_Since_IsRfc3339UtcWithMicroseconds()
    {
        string since = Parse(SnapshotSamples.Master()).GetProperty("since").GetString()!;

        // RFC 3339 date-time, UTC ("Z"), six fraction digits.
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"), since);
        Assert.Equal("2026-11-27T08:55:36.123456Z", since);
        Assert.Equal(SnapshotSamples.Since, DateTime.Parse(since, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
    }

    [Fact]
    public void Format_WrittenAt_IsRfc3339UtcLikeSince() =>
        Assert.Equal("2026-11-27T09:01:02.654321Z", Parse(SnapshotSamples.Master()).GetProperty("written_at").GetString());

    [Fact]
    public void Format_Counters_AllOfThemNested()
    {
        JsonElement counters = Parse(SnapshotSamples.Master()).GetProperty("counters");

        Assert.Equal(11, counters.GetProperty("advertisements_sent").GetInt64());
        Assert.Equal(12, counters.GetProperty("advertisements_received").GetInt64());
        Assert.Equal(13, counters.GetProperty("send_failures").GetInt64());
        Assert.Equal(14, counters.GetProperty("gratuitous_arps").GetInt64());
        Assert.Equal(15, counters.GetProperty("bow_outs").GetInt64());
        Assert.Equal(3, counters.GetProperty("transitions").GetInt64());
        Assert.Equal(
            [("too_short", 101L), ("not_carp", 102L), ("own_source", 103L), ("bad_ttl", 104L), ("bad_version", 105L),
             ("other_vhid", 106L), ("other_group", 107L), ("bad_checksum", 108L), ("bad_digest", 109L), ("not_peer", 110L),
             ("malformed", 111L), ("replay", 112L)],
            counters.GetProperty("dropped").EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())));
        Assert.Equal(21, counters.GetProperty("script_runs").GetProperty("up").GetInt64());
        Assert.Equal(22, counters.GetProperty("script_runs").GetProperty("down").GetInt64());
        Assert.Equal(23, counters.GetProperty("script_failures").GetProperty("up").GetInt64());
        Assert.Equal(24, counters.GetProperty("script_failures").GetProperty("down").GetInt64());
    }

    [Fact]
    public void Format_NothingHeardYet_NullsNotOmitted()
    {
        JsonElement root = Parse(SnapshotSamples.Master() with { State = "INIT", PreviousState = null, Reason = null, Master = null });

        Assert.Equal(JsonValueKind.Null, root.GetProperty("previous_state").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("master").ValueKind);
    }

    [Fact]
    public void Format_InterfaceWithQuotesAndBackslash_StaysValidJson() =>
        Assert.Equal("a\"b\\c\nd", Parse(SnapshotSamples.Master("a\"b\\c\nd")).GetProperty("interface").GetString());

    [Fact]
    public void Format_WithCheck_HealthyCheckFailuresAndStuckAfterMaster_RunsByResultInCounters()
    {
        JsonElement root = Parse(SnapshotSamples.Unhealthy());

        string[] names = [.. root.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["master", "healthy", "check_failures", "check_stuck", "counters"], names[^5..]);
        Assert.Equal(JsonValueKind.False, root.GetProperty("healthy").ValueKind);
        Assert.Equal(31, root.GetProperty("check_failures").GetInt32());
        Assert.Equal(JsonValueKind.True, root.GetProperty("check_stuck").ValueKind);
        JsonElement runs = root.GetProperty("counters").GetProperty("check_runs");
        Assert.Equal([("passed", 32), ("failed", 33), ("timed_out", 34)], runs.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
    }

    [Fact]
    public void Format_WithoutCheck_NoHealthFields()
    {
        JsonElement root = Parse(SnapshotSamples.Master());
        Assert.False(root.TryGetProperty("healthy", out _));
        Assert.False(root.GetProperty("counters").TryGetProperty("check_runs", out _));
    }
}
