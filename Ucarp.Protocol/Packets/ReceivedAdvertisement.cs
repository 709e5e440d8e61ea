namespace Ucarp.Protocol.Packets;

/// <summary>What a received frame said, or why it was dropped, with the details ucarp logs.</summary>
public readonly record struct ReceivedAdvertisement(
    DropReason Drop, CarpAddress Source, CarpHeader Header, byte Ttl, uint ExpectedDigestPrefix, uint ReceivedDigestPrefix)
{
    public bool IsValid => Drop == DropReason.None;
}
