using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// Replaces a file so readers see the old content or the new, never a part: the bytes go to a
/// temporary file in the same directory (rename is atomic only within one file system), are
/// fsynced when <c>durable</c>, then renamed over the target. The temporary name starts with a dot and does not end
/// in <c>.prom</c>, so node_exporter's textfile collector never reads it. System calls through RawFile: the
/// path's bytes as typed, and the failure as strerror text.
/// </summary>
internal static class AtomicFile
{
    /// <exception cref="IOException">The file could not be written (also for missing directories): strerror text.</exception>
    public static void Replace(string path, ReadOnlySpan<byte> content, bool durable)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp");
        int errno = RawFile.Create(temporary, out FileDescriptorHandle? handle);
        if (errno == 0)
        {
            using (handle)
            {
                errno = RawFile.Write(handle!.Fd, content);
                if (errno == 0 && durable)
                {
                    errno = RawFile.Sync(handle);
                }
            }
            errno = errno != 0 ? errno : RawFile.Rename(temporary, path);
            if (errno != 0)
            {
                // Nothing to do if it cannot be removed either: the next write reuses the name.
                _ = RawFile.Delete(temporary);
            }
        }
        if (errno != 0)
        {
            throw new IOException(Errno.Message(errno));
        }
    }
}
