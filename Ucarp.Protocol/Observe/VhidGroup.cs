namespace Ucarp.Protocol.Observe;

/// <summary>
/// The advertisers that compete for one VIP: a vhid over one IP family. A dual-stack pair runs an
/// IPv4 and an IPv6 election on the same vhid, each with its own master, so they are kept apart.
/// </summary>
internal readonly record struct VhidGroup(byte Vhid, bool IsIpv6);
