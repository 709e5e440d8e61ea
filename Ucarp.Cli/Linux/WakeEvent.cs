using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>An eventfd the loop polls, so signal callbacks and other threads can wake it without a lock.</summary>
internal sealed class WakeEvent : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    public WakeEvent() => _handle = FileDescriptorHandle.Open(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd");

    public int Fd => _handle.Fd;

    /// <summary>
    /// Safe from any thread, also while or after the loop disposes the event (then it does nothing).
    /// </summary>
    public unsafe void Set()
    {
        bool referenced = false;
        try
        {
            // The reference keeps the number from being closed and reused under our write.
            _handle.DangerousAddRef(ref referenced);
            ulong one = 1;
            // A failure can only be EAGAIN: the counter is saturated, so the event is already set.
            _ = Errno.Retry((Fd, (nint)(&one)), static (in (int Fd, nint One) s) => write(s.Fd, (void*)s.One, sizeof(ulong)), out _);
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (referenced)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Clears the event; call after Poller.Wait reported it readable.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        CounterDescriptor.Drain(Fd);
    }

    public void Dispose() => _handle.Dispose();
}
