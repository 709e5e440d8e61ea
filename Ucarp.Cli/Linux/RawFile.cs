using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

// open(2) and read(2) with errno, for paths that came from argv: .NET's file APIs write a byte that was not
// UTF-8 (a lone surrogate here, see SurrogateEscape) as U+FFFD and turn errnos into exception types.
internal static class RawFile
{
    // 0 and the handle, or the errno.
    internal static unsafe int OpenRead(string path, out FileDescriptorHandle? handle)
    {
        handle = null;
        var name = new byte[SurrogateEscape.GetByteCount(path) + 1];
        _ = SurrogateEscape.Encode(path, name);
        int fd;
        fixed (byte* p = name)
        {
            while ((fd = open(p, O_RDONLY | O_CLOEXEC, 0)) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    return errno;
                }
            }
        }
        handle = new FileDescriptorHandle(fd);
        return 0;
    }

    // The count read (0 at end of file), or minus the errno.
    internal static unsafe int Read(FileDescriptorHandle handle, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                long count = read(handle.Fd, p, buffer.Length);
                if (count >= 0)
                {
                    return (int)count;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    return -errno;
                }
            }
        }
    }
}
