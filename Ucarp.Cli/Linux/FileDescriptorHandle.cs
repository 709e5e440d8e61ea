using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Owns one descriptor so it is closed exactly once, even when an exception or a finalizer closes it.
/// Every descriptor is set up the same way: <see cref="Open"/> in a <c>using</c>, configure it, then
/// <see cref="HandOver"/> to the object that keeps it, so a failed set-up closes it and a finished one does not.
/// </summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    public FileDescriptorHandle(int fd) : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle < 0;

    /// <summary>Callers keep the handle alive (it is a field of the object they use), so reading the number is safe.</summary>
    public int Fd => (int)handle;

    /// <summary>Owns what a descriptor-creating call (socket, eventfd, timerfd_create...) returned, or throws its errno.</summary>
    public static FileDescriptorHandle Open(int result, string call) => new(Errno.Check(result, call));

    /// <summary>Moves the descriptor to a new owner; this handle then closes nothing when disposed.</summary>
    public FileDescriptorHandle HandOver()
    {
        var owner = new FileDescriptorHandle(Fd);
        SetHandleAsInvalid();
        return owner;
    }

    /// <summary>
    /// No EINTR retry: on Linux the descriptor is released even when close reports EINTR, and retrying
    /// could close a descriptor another thread has just been given.
    /// </summary>
    protected override bool ReleaseHandle() => close((int)handle) == 0;
}
