using System.Globalization;
using Ucarp.Cli.Linux;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// Replaces a file so readers see the old content or the new, never a part, and so that nothing another
/// user places in the directory is written through. The bytes go to a new file under a name nobody can
/// guess, created with O_EXCL|O_NOFOLLOW relative to the directory's descriptor (a link, FIFO or file
/// planted there is never opened), mode 0644 whatever the umask, fsynced when <c>durable</c>, then renamed
/// over the target: whatever the target is, a link included, is replaced, not followed (rename(2)). The
/// temporary name starts with a dot and does not end in <c>.prom</c>, so node_exporter's textfile
/// collector never reads it.
/// </summary>
internal static class AtomicFile
{
    // A name taken by someone else is another 64 random bits away; a few in a row is an attack or a bug.
    private const int NameAttempts = 4;

    /// <summary>0, or the errno of the step that failed (ENOENT for a missing directory).</summary>
    public static int Replace(string path, ReadOnlySpan<byte> content, bool durable)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        string name = Path.GetFileName(path);
        int errno = RawFile.OpenDirectory(directory, out FileDescriptorHandle? opened);
        if (errno != 0)
        {
            return errno;
        }
        using FileDescriptorHandle at = opened!;
        string temporary = "";
        FileDescriptorHandle? file = null;
        errno = RawFile.NameTaken;
        for (int attempt = 0; attempt < NameAttempts && errno == RawFile.NameTaken; attempt++)
        {
            // Random.Shared is seeded from the kernel's random bytes; no other process sees its state.
            temporary = "." + name + "." + Random.Shared.NextInt64().ToString("x16", CultureInfo.InvariantCulture) + ".tmp";
            errno = RawFile.CreateNew(at, temporary, out file);
        }
        if (errno != 0)
        {
            return errno;
        }
        using (file)
        {
            errno = RawFile.Write(file!.Fd, content);
            if (errno == 0 && durable)
            {
                errno = RawFile.Sync(file);
            }
        }
        errno = errno != 0 ? errno : RawFile.Rename(at, temporary, name);
        if (errno != 0)
        {
            // Nothing more to do if it cannot be removed either: the next write takes another name.
            _ = RawFile.Delete(at, temporary);
        }
        return errno;
    }
}
