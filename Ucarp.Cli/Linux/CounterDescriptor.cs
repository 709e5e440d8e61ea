using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>eventfd and timerfd both become readable through an 8-byte counter; reading it clears them.</summary>
internal static class CounterDescriptor
{
    /// <summary>Reads (and discards) the counter; nothing pending (EAGAIN) is fine.</summary>
    public static unsafe void Drain(int fd)
    {
        ulong count;
        if (Errno.Retry((fd, (nint)(&count)), static (in (int Fd, nint Count) s) => read(s.Fd, (void*)s.Count, sizeof(ulong)), out int errno) < 0
            && errno != EAGAIN)
        {
            Errno.Throw("read", errno);
        }
    }
}
