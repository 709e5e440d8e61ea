using Ucarp.Cli.Linux;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// The real pass file reader: the first line as fgets() returns it, and failures worded by
/// strerror() as in ucarp. The path is opened byte for byte as typed (RawFile).
/// </summary>
internal static class PassFile
{
    public static PassFileRead ReadFirstLine(string path)
    {
        // fopen(dir, "r") succeeds on Linux and the read fails with EISDIR: open(2) and read(2) do the same.
        int errno = RawFile.OpenRead(path, out FileDescriptorHandle? handle);
        if (errno != 0)
        {
            return PassFileRead.OpenFailed(Errno.Message(errno));
        }
        using (handle)
        {
            return ReadLine(handle!);
        }
    }

    private static PassFileRead ReadLine(FileDescriptorHandle handle)
    {
        byte[] buffer = new byte[PassFileRead.MaxBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = RawFile.Read(handle, buffer.AsSpan(length));
            if (read < 0)
            {
                return PassFileRead.ReadFailed(Errno.Message(-read));
            }
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
            : PassFileRead.Ok(buffer.AsSpan(0, length).ToArray());
    }
}
