namespace Ucarp.Protocol.Packets;

public enum Ipv4ReadResult
{
    Ok,
    TooShort,
    NotIpv4,
    BadHeaderLength,
}
