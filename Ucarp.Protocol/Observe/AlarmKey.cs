namespace Ucarp.Protocol.Observe;

/// <summary>Identifies one alarm: per vhid, or per source for the alarms about one advertiser (0 otherwise).</summary>
internal readonly record struct AlarmKey(AlarmKind Kind, byte Vhid, uint Source);
