using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

// Owns one descriptor so it is closed exactly once, even when an exception or a finalizer closes it.
internal sealed class FileDescriptorHandle : SafeHandle
{
    internal FileDescriptorHandle(int fd) : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle < 0;

    // Callers keep the handle alive (it is a field of the object they use), so reading the number is safe.
    internal int Fd => (int)handle;

    // No EINTR retry: on Linux the descriptor is released even when close reports EINTR, and retrying
    // could close a descriptor another thread has just been given.
    protected override bool ReleaseHandle() => close((int)handle) == 0;
}
