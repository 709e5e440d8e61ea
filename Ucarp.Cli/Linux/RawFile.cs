using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// open(2) and read(2) with errno, for paths that came from argv: .NET's file APIs write a byte that was not
/// UTF-8 (a lone surrogate here, see SurrogateEscape) as U+FFFD and turn errnos into exception types.
/// </summary>
internal static class RawFile
{
    /// <summary>0 and the handle, or the errno.</summary>
    public static unsafe int OpenRead(string path, out FileDescriptorHandle? handle)
    {
        handle = null;
        var name = new byte[SurrogateEscape.GetByteCount(path) + 1];
        _ = SurrogateEscape.Encode(path, name);
        fixed (byte* p = name)
        {
            long fd = Errno.Retry((nint)p, static (in nint s) => open((byte*)s, O_RDONLY | O_CLOEXEC, 0), out int errno);
            if (fd < 0)
            {
                return errno;
            }
            handle = new FileDescriptorHandle((int)fd);
            return 0;
        }
    }

    /// <summary>The count read (0 at end of file), or minus the errno.</summary>
    public static unsafe int Read(FileDescriptorHandle handle, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            long count = Errno.Retry((handle.Fd, (nint)p, buffer.Length),
                static (in (int Fd, nint Buffer, int Length) s) => read(s.Fd, (void*)s.Buffer, s.Length), out int errno);
            return count >= 0 ? (int)count : -errno;
        }
    }
}
