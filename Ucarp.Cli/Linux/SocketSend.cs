using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// One sendto for the raw sockets: retried on EINTR, the errno handed back unchanged (the engine's
/// "3 failed sends" rule and the unreachable-peer rule both need it), never thrown.
/// </summary>
internal static class SocketSend
{
    public static unsafe int SendTo(int fd, ReadOnlySpan<byte> data, sockaddr* address, uint addressLength)
    {
        fixed (byte* buffer = data)
        {
            _ = Errno.Retry((fd, (nint)buffer, data.Length, (nint)address, addressLength),
                static (in (int Fd, nint Buffer, int Length, nint Address, uint AddressLength) s) =>
                    sendto(s.Fd, (void*)s.Buffer, (size_t)(uint)s.Length, 0, (sockaddr*)s.Address, s.AddressLength),
                out int errno);
            return errno;
        }
    }
}
