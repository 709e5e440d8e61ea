namespace Ucarp.Cli.Daemon;

/// <summary>
/// --instances: which instance a frame from one interface socket is for, by the vhid byte the
/// kernel filter (CarpFilter) already checked, at the same offsets: right after the IPv4 header
/// (IHL words) or after IPv6's fixed header. The socket hears one family, so vhid alone decides.
/// </summary>
internal sealed class FrameDispatch<T>(bool ipv6) where T : class
{
    private const int EthernetHeader = 14;
    private const int Ipv6Header = 40;

    private readonly T?[] _byVhid = new T?[256];

    public void Add(byte vhid, T target)
    {
        if (_byVhid[vhid] is not null)
        {
            throw new ArgumentException($"vhid {vhid} is already taken on this socket", nameof(vhid));
        }
        _byVhid[vhid] = target;
    }

    /// <summary>The instance for this Ethernet frame, or null when it is too short to say or no instance has its vhid.</summary>
    public T? Route(ReadOnlySpan<byte> frame)
    {
        int at = ipv6 ? EthernetHeader + Ipv6Header + 1
            : frame.Length > EthernetHeader ? EthernetHeader + ((frame[EthernetHeader] & 0x0F) * 4) + 1
            : int.MaxValue;
        return at < frame.Length ? _byVhid[frame[at]] : null;
    }
}
