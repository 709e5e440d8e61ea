using Ucarp.Protocol.Packets;

namespace Ucarp.Protocol.Observe;

/// <summary>A digest result and, when <see cref="DigestStatus.Ok"/>, the virtual address that matched.</summary>
public readonly record struct DigestCheck(DigestStatus Status, CarpAddress VirtualAddress);
