using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>Identifies one alarm: per vhid and family, or per source for the alarms about one advertiser (default otherwise).</summary>
internal readonly record struct AlarmKey(AlarmKind Kind, VhidGroup Group, CarpAddress Source);
