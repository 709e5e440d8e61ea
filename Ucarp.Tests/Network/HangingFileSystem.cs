using System.Diagnostics;

namespace Ucarp.Tests.Network;

/// <summary>
/// hangfs.c mounted under a test's directory: files pass through to <see cref="Backing"/>, but while
/// <see cref="Hang"/> is on, every write and fsync under <see cref="MountPoint"/> waits, as on a hung NFS
/// server. Unmounted (and released first) on dispose, whatever the test did.
/// </summary>
public sealed class HangingFileSystem : IDisposable
{
    private readonly Process _process;
    private readonly string _control;

    private HangingFileSystem(string directory)
    {
        Backing = Directory.CreateDirectory(Path.Combine(directory, "backing")).FullName;
        MountPoint = Directory.CreateDirectory(Path.Combine(directory, "mnt")).FullName;
        _control = Path.Combine(directory, "hang");
        string executable = Path.Combine(directory, "hangfs");
        TestNetwork.Run("gcc", ["-O1", "-Wall", "-Wextra", "-Werror", "-I/usr/include/fuse3", "-o", executable,
            Path.Combine(AppContext.BaseDirectory, "Network", "hangfs.c"), "-lfuse3", "-lpthread"]).EnsureSuccess("gcc hangfs.c");
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { Backing, _control, MountPoint })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        if (!UcarpCluster.WaitUntil(() => File.ReadAllText("/proc/self/mountinfo").Contains(" " + MountPoint + " ", StringComparison.Ordinal), TimeSpan.FromSeconds(10)))
        {
            Dispose();
            throw new InvalidOperationException("hangfs did not mount: " + _process.StandardError.ReadToEnd());
        }
    }

    public string Backing { get; }

    public string MountPoint { get; }

    public static void SkipUnlessAvailable() =>
        Assert.SkipUnless(File.Exists("/dev/fuse") && File.Exists("/usr/include/fuse3/fuse.h"),
            "FUSE is not available (./build.sh test installs fuse3 and libfuse3-dev)");

    public static HangingFileSystem Mount(string directory) => new(directory);

    public void Hang() => File.WriteAllText(_control, "");

    public void Release() => File.Delete(_control);

    public void Dispose()
    {
        Release();
        _ = TestNetwork.Run("umount", ["-l", MountPoint]);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
