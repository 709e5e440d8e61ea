using System.ComponentModel;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

/// <summary>The engine's link: whole frames out through the packet socket, failures logged as carp.c does.</summary>
internal sealed class PacketLink(CarpPacketSocket socket, Logger log) : ICarpLink
{
    public bool Send(ReadOnlySpan<byte> frame)
    {
        int errno = socket.Send(frame);
        if (errno == 0)
        {
            return true;
        }
        log.Warning("write() has failed: " + new Win32Exception(errno).Message);
        return false;
    }
}
