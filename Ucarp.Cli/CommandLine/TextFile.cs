using Ucarp.Cli.Linux;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// The real reader of --instances files: opened byte for byte as typed (RawFile), decoded so that
/// a password or path that is not UTF-8 reaches the options as it would through argv.
/// </summary>
internal static class TextFile
{
    /// <summary>Far above any real configuration; stops a mistaken path (a device, a log) from being read whole.</summary>
    public const int MaxBytes = 1 << 20;

    public static TextFileRead Read(string path)
    {
        int errno = RawFile.OpenRead(path, out FileDescriptorHandle? handle);
        if (errno != 0)
        {
            return TextFileRead.Failed(Errno.Message(errno));
        }
        using (handle)
        {
            var bytes = new byte[MaxBytes + 1];
            int length = 0;
            int read;
            while ((read = RawFile.Read(handle!, bytes.AsSpan(length))) > 0)
            {
                length += read;
                if (length > MaxBytes)
                {
                    return TextFileRead.Failed($"larger than {MaxBytes} bytes");
                }
            }
            return read < 0
                ? TextFileRead.Failed(Errno.Message(-read))
                : TextFileRead.Ok(SurrogateEscape.Decode(bytes.AsSpan(0, length)));
        }
    }
}
