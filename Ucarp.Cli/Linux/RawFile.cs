using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// open(2), read(2), write(2), rename(2) with errno, for paths that came from argv: .NET's file APIs write a
/// byte that was not UTF-8 (a lone surrogate here, see SurrogateEscape) as U+FFFD and turn errnos into
/// exception types. Also keeps FileStream (and the encodings and buffering behind it) out of the binary.
/// </summary>
internal static class RawFile
{
    /// <summary>0 and the handle, or the errno.</summary>
    public static int OpenRead(string path, out FileDescriptorHandle? handle) => Open(path, O_RDONLY, out handle);

    /// <summary>Creates or truncates the file for writing (mode 0666 less the umask, as FileMode.Create): 0 and the handle, or the errno.</summary>
    public static int Create(string path, out FileDescriptorHandle? handle) => Open(path, O_WRONLY | O_CREAT | O_TRUNC, out handle);

    private static unsafe int Open(string path, int flags, out FileDescriptorHandle? handle)
    {
        handle = null;
        fixed (byte* p = Name(path))
        {
            long fd = Errno.Retry(((nint)p, flags), static (in (nint Path, int Flags) s) =>
                open((byte*)s.Path, s.Flags | O_CLOEXEC, 0x1B6 /* 0666 */), out int errno);
            if (fd < 0)
            {
                return errno;
            }
            handle = new FileDescriptorHandle((int)fd);
            return 0;
        }
    }

    /// <summary>All of the bytes: 0, or the errno of the write that failed.</summary>
    public static unsafe int Write(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            for (int done = 0; done < bytes.Length;)
            {
                long count = Errno.Retry((fd, (nint)(start + done), bytes.Length - done),
                    static (in (int Fd, nint Bytes, int Length) s) => write(s.Fd, (void*)s.Bytes, s.Length), out int errno);
                if (count < 0)
                {
                    return errno;
                }
                done += (int)count;
            }
        }
        return 0;
    }

    /// <summary>fsync(2): 0 or the errno.</summary>
    public static int Sync(FileDescriptorHandle handle) => fsync(handle.Fd) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>rename(2), replacing the target: 0 or the errno.</summary>
    public static unsafe int Rename(string from, string to)
    {
        fixed (byte* source = Name(from))
        fixed (byte* target = Name(to))
        {
            return rename(source, target) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>unlink(2): 0 or the errno.</summary>
    public static unsafe int Delete(string path)
    {
        fixed (byte* p = Name(path))
        {
            return unlink(p) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    // The path as the bytes it came in as, NUL-terminated.
    private static byte[] Name(string path)
    {
        var name = new byte[SurrogateEscape.GetByteCount(path) + 1];
        _ = SurrogateEscape.Encode(path, name);
        return name;
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
