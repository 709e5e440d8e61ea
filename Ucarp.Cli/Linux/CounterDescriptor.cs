using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

// eventfd and timerfd both become readable through an 8-byte counter; reading it clears them.
internal static class CounterDescriptor
{
    // Reads (and discards) the counter; nothing pending (EAGAIN) is fine.
    internal static unsafe void Drain(int fd)
    {
        ulong count;
        while (read(fd, &count, sizeof(ulong)) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EAGAIN)
            {
                return;
            }
            if (errno != EINTR)
            {
                Errno.Throw(errno);
            }
        }
    }
}
