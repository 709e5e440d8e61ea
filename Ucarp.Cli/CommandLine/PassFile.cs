using System.ComponentModel;

namespace Ucarp.Cli.CommandLine;

// The real pass file reader: the first line as fgets() returns it, and failures worded by
// strerror() as in ucarp, recovering the errno from the exception .NET throws.
internal static class PassFile
{
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int EACCES = 13;
    private const int EISDIR = 21;
    private const int ENAMETOOLONG = 36;

    internal static PassFileRead ReadFirstLine(string path)
    {
        // .NET rejects an empty path as an argument error; fopen("") is ENOENT.
        if (path.Length == 0)
        {
            return PassFileRead.OpenFailed(StrError(ENOENT));
        }

        // fopen(dir, "r") succeeds on Linux and the read fails with EISDIR; .NET refuses to open it.
        if (Directory.Exists(path))
        {
            return PassFileRead.ReadFailed(StrError(EISDIR));
        }

        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PassFileRead.OpenFailed(StrError(ErrnoOf(e, path)));
        }

        using (handle)
        {
            try
            {
                return ReadLine(handle);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return PassFileRead.ReadFailed(StrError(ErrnoOf(e, path)));
            }
        }
    }

    private static PassFileRead ReadLine(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        byte[] buffer = new byte[PassFileRead.MaxBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
            if (read == 0)
            {
                break;
            }

            int newline = Array.IndexOf(buffer, (byte)'\n', length, read);
            length += read;
            if (newline >= 0)
            {
                length = newline + 1;
                break;
            }
        }

        return length == 0
            ? PassFileRead.ReadFailed("unexpected end of file")
            : PassFileRead.Ok(buffer[..length]);
    }

    // On Unix, .NET maps a few errnos to dedicated exception types and keeps the raw errno as
    // HResult for the others (Interop.GetExceptionForIoErrno).
    private static int ErrnoOf(Exception e, string path) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => UnderAFile(path) ? ENOTDIR : ENOENT,
        UnauthorizedAccessException => EACCES,
        PathTooLongException => ENAMETOOLONG,
        _ when e.HResult is > 0 and < 4096 => e.HResult,
        _ => 0,
    };

    // .NET reports ENOTDIR as a missing directory; ucarp says "Not a directory" when a
    // component of the path is a file.
    private static bool UnderAFile(string path)
    {
        for (string? parent = Path.GetDirectoryName(Path.GetFullPath(path)); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return true;
            }
        }

        return false;
    }

    private static string StrError(int errno) => errno == 0 ? "Unknown error" : new Win32Exception(errno).Message;
}
