using System.Globalization;
using Ucarp.Tests.Network;

namespace Ucarp.Tests.Linux;

/// <summary>
/// A small ext4 image loop-mounted in a temporary directory and frozen (fsfreeze(8)): whoever writes
/// under <see cref="Mount"/> sleeps uninterruptibly (state D) until the thaw, and SIGKILL does not end
/// it before then, as a process behind a hung NFS server. Dispose thaws, unmounts and deletes, so every
/// such writer ends with the test. Needs root.
/// </summary>
public sealed class FrozenFileSystem : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ucarp-frozen-").FullName;
    private bool _frozen;
    private bool _mounted;

    public FrozenFileSystem()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root to mount and freeze a file system");
        string image = Path.Combine(_directory, "image");
        Mount = Path.Combine(_directory, "mount");
        Directory.CreateDirectory(Mount);
        try
        {
            Run("truncate", "-s", "8M", image);
            Run("mkfs.ext4", "-q", image);
            Run("mount", "-o", "loop", image, Mount);
            _mounted = true;
            Run("fsfreeze", "-f", Mount);
            _frozen = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Mount { get; }

    /// <summary>Lets the writers go (they end at once if they were sent SIGKILL meanwhile).</summary>
    public void Thaw()
    {
        if (_frozen)
        {
            _frozen = false;
            Run("fsfreeze", "-u", Mount);
        }
    }

    /// <summary>The state letter of /proc/PID/stat ('D': uninterruptible), or null once it has gone.</summary>
    public static char? State(int pid)
    {
        try
        {
            string stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Thaw();
        if (_mounted)
        {
            _mounted = false;
            // Lazily: a writer just thawed may still hold the file system for a moment.
            Run("umount", "-l", Mount);
        }
        Directory.Delete(_directory, recursive: true);
    }

    private static void Run(string file, params string[] args) =>
        _ = TestNetwork.Run(file, args).EnsureSuccess($"{file} {string.Join(' ', args)}");
}
