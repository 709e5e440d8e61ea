using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

// One sendto for the raw sockets: retried on EINTR, the errno handed back unchanged (the engine's
// "3 failed sends" rule and the unreachable-peer rule both need it), never thrown.
internal static class SocketSend
{
    internal static unsafe int SendTo(int fd, ReadOnlySpan<byte> data, sockaddr* address, uint addressLength)
    {
        fixed (byte* buffer = data)
        {
            while (true)
            {
                long sent = sendto(fd, buffer, (size_t)(uint)data.Length, 0, address, addressLength);
                if (sent >= 0)
                {
                    return 0;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    return errno;
                }
            }
        }
    }
}
