using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// open(2), openat(2), read(2), write(2), renameat(2) with errno, for paths that came from argv: .NET's file
/// APIs write a byte that was not UTF-8 (a lone surrogate here, see SurrogateEscape) as U+FFFD and turn errnos
/// into exception types. Also keeps FileStream (and the encodings and buffering behind it) out of the binary.
/// </summary>
internal static class RawFile
{
    /// <summary>rw-r--r--, whatever the umask: readers such as node_exporter run as another user.</summary>
    public const int PublicMode = 0x1A4;   // 0644

    /// <summary>0 and the handle, or the errno.</summary>
    public static int OpenRead(string path, out FileDescriptorHandle? handle) => Open(AT_FDCWD, path, O_RDONLY, out handle);

    /// <summary>
    /// A directory to create and rename in, without blocking (O_NONBLOCK: something that is not a directory,
    /// a FIFO for one, fails with ENOTDIR instead of waiting for a writer): 0 and the handle, or the errno.
    /// </summary>
    public static int OpenDirectory(string path, out FileDescriptorHandle? handle) =>
        Open(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, out handle);

    /// <summary>The errno of <see cref="CreateNew"/> when the name is taken.</summary>
    public static int NameTaken => EEXIST;

    /// <summary>
    /// A new regular file in <paramref name="directory"/>, mode 0644: EEXIST when anything is there already,
    /// a symbolic link included (O_EXCL does not follow it), so nothing planted at the name is written through.
    /// 0 and the handle, or the errno.
    /// </summary>
    public static int CreateNew(FileDescriptorHandle directory, string name, out FileDescriptorHandle? handle)
    {
        int errno = Open(directory.Fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK, out handle);
        // open(2) applies the umask to the mode; fchmod(2) does not.
        if (errno == 0 && fchmod(handle!.Fd, PublicMode) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            handle = null;
        }
        return errno;
    }

    private static unsafe int Open(int directory, string path, int flags, out FileDescriptorHandle? handle)
    {
        handle = null;
        fixed (byte* p = Name(path))
        {
            long fd = Errno.Retry((directory, (nint)p, flags), static (in (int Directory, nint Path, int Flags) s) =>
                openat(s.Directory, (byte*)s.Path, s.Flags | O_CLOEXEC, PublicMode), out int errno);
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

    /// <summary>renameat(2) within one directory, replacing whatever the target is (a link is replaced, not followed): 0 or the errno.</summary>
    public static unsafe int Rename(FileDescriptorHandle directory, string from, string to)
    {
        fixed (byte* source = Name(from))
        fixed (byte* target = Name(to))
        {
            return renameat(directory.Fd, source, directory.Fd, target) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>unlinkat(2) in <paramref name="directory"/>: 0 or the errno.</summary>
    public static unsafe int Delete(FileDescriptorHandle directory, string name)
    {
        fixed (byte* p = Name(name))
        {
            return unlinkat(directory.Fd, p, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();
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
