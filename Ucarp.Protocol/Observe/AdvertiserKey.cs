using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>One advertiser: a source on a vhid, CARP and VRRP kept apart.</summary>
internal readonly record struct AdvertiserKey(CarpAddress Source, byte Vhid, bool Vrrp);
