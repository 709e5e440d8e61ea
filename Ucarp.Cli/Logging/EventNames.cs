using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Logging;

/// <summary>The spellings machines read, shared by JSON logs, the status file and the metrics.</summary>
internal static class EventNames
{
    /// <summary>As in the log lines and UCARP_STATE.</summary>
    public static string State(CarpState state) => state switch
    {
        CarpState.Init => "INIT",
        CarpState.Backup => "BACKUP",
        _ => "MASTER",
    };

    public static string Script(CarpState state) => state == CarpState.Master ? "up" : "down";

    public static string Drop(DropReason reason) => reason switch
    {
        DropReason.TooShort => "too_short",
        DropReason.NotCarp => "not_carp",
        DropReason.OwnSource => "own_source",
        DropReason.BadTtl => "bad_ttl",
        DropReason.BadVersion => "bad_version",
        DropReason.OtherVhid => "other_vhid",
        DropReason.OtherGroup => "other_group",
        DropReason.BadChecksum => "bad_checksum",
        DropReason.BadDigest => "bad_digest",
        DropReason.NotPeer => "not_peer",
        DropReason.Malformed => "malformed",
        DropReason.Replay => "replay",
        _ => "none",
    };

    /// <summary>syslog's names for the levels.</summary>
    public static string Level(LogLevel level) => level switch
    {
        LogLevel.Error => "error",
        LogLevel.Warning => "warning",
        LogLevel.Notice => "notice",
        LogLevel.Info => "info",
        _ => "debug",
    };
}
