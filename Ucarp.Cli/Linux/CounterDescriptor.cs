using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

// eventfd and timerfd both become readable through an 8-byte counter; reading it clears them.
internal static class CounterDescriptor
{
    // Reads (and discards) the counter; nothing pending (EAGAIN) is fine.
    internal static unsafe void Drain(int fd)
    {
        ulong count;
        if (Errno.Retry((fd, (nint)(&count)), static (in (int Fd, nint Count) s) => read(s.Fd, (void*)s.Count, sizeof(ulong)), out int errno) < 0
            && errno != EAGAIN)
        {
            Errno.Throw("read", errno);
        }
    }
}
