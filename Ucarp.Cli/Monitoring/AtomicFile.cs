namespace Ucarp.Cli.Monitoring;

/// <summary>
/// Replaces a file so readers see the old content or the new, never a part: the bytes go to a
/// temporary file in the same directory (rename is atomic only within one file system), are
/// fsynced when <c>durable</c>, then renamed over the target. The temporary name starts with a dot and does not end
/// in <c>.prom</c>, so node_exporter's textfile collector never reads it.
/// </summary>
internal static class AtomicFile
{
    /// <exception cref="IOException">The file could not be written (also for missing directories).</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static void Replace(string path, ReadOnlySpan<byte> content, bool durable)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was created, or it cannot be removed either: the next write reuses the name.
        }
    }
}
