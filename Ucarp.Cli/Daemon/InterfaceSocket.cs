using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// One packet socket of the process: an interface and a family, with the instances it serves. Its
/// kernel filter passes their vhids only (CarpFilter), and <see cref="Dispatch"/> hands each frame
/// to its instance.
/// </summary>
internal sealed class InterfaceSocket(NetDevice device, CarpPacketSocket socket, bool ipv6)
{
    public NetDevice Device { get; } = device;

    public CarpPacketSocket Socket { get; } = socket;

    public bool Ipv6 { get; } = ipv6;

    public FrameDispatch<VipInstance> Dispatch { get; } = new(ipv6);
}
