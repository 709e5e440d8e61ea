using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// An eventfd(2) one thread signals and another polls: signalling is one non-blocking write(2), so the
/// signalling thread never waits for the other (a full counter, 2^64 - 2 wake-ups unread, is EAGAIN and
/// already means "wake up").
/// </summary>
internal sealed class WakeEvent : IDisposable
{
    private readonly FileDescriptorHandle _handle = FileDescriptorHandle.Open(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd");

    public int Fd => _handle.Fd;

    public unsafe void Signal()
    {
        ulong one = 1;
        _ = Errno.Retry((Fd, (nint)(&one)), static (in (int Fd, nint Value) s) => write(s.Fd, (void*)s.Value, sizeof(ulong)), out _);
    }

    /// <summary>Clears the signals so far (none pending is not an error).</summary>
    public unsafe void Clear()
    {
        ulong count;
        _ = Errno.Retry((Fd, (nint)(&count)), static (in (int Fd, nint Value) s) => read(s.Fd, (void*)s.Value, sizeof(ulong)), out _);
    }

    public void Dispose() => _handle.Dispose();
}
