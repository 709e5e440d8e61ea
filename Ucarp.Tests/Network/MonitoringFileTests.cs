using System.Text.Json;

namespace Ucarp.Tests.Network;

/// <summary>The status and metrics files against a file system that hangs, a directory that vanishes, and the writer thread's life.</summary>
[Trait("Category", "Privileged")]
public class MonitoringFileTests
{
    private const int SIGUSR1 = 10;
    private const int SIGUSR2 = 12;
    private const int SIGTERM = 15;
    private const string WriterThread = "ucarp-files";

    private static IReadOnlyList<string> ThreadNames(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task").Select(t => File.ReadAllText(Path.Combine(t, "comm")).TrimEnd('\n'))];

    /// <summary>Whether a thread of <paramref name="pid"/> waits for a FUSE request (the kernel's request_wait_answer).</summary>
    private static bool WaitsOnFuse(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task").Any(t => File.ReadAllText(Path.Combine(t, "wchan")).Contains("request_wait_answer", StringComparison.Ordinal));

    private static string? State(string statusFile) =>
        File.Exists(statusFile) ? JsonDocument.Parse(File.ReadAllBytes(statusFile)).RootElement.GetProperty("state").GetString() : null;

    [Fact]
    public void HungFileSystem_MasterKeepsAdvertisingAndStopsOnSigterm()
    {
        HangingFileSystem.SkipUnlessAvailable();
        using UcarpCluster cluster = UcarpCluster.Create(2);
        using HangingFileSystem fs = HangingFileSystem.Mount(cluster.WorkDirectory);
        using TestProcess master = cluster.StartMaster("-z", "--status-file=" + Path.Combine(fs.MountPoint, "status.json"),
            "--metrics-file=" + Path.Combine(fs.MountPoint, "ucarp.prom"));
        using TestProcess backup = cluster.StartOriginal(1);
        Assert.True(UcarpCluster.WaitUntil(() => State(Path.Combine(fs.Backing, "status.json")) == "MASTER", TimeSpan.FromSeconds(5)));

        fs.Hang();
        master.Signal(SIGUSR1);   // a rewrite, now stuck in the file system
        Assert.True(UcarpCluster.WaitUntil(() => WaitsOnFuse(master.Pid), TimeSpan.FromSeconds(10)), "the write never reached the file system");

        // Four times the backup's master-down interval (3 advbase): one missed advert and it takes over.
        // Signals meanwhile ask for more writes, which wait behind the hung one without piling up.
        for (int i = 0; i < 60; i++)
        {
            Assert.Equal([0], cluster.Masters());
            if (i % 10 == 0)
            {
                master.Signal(SIGUSR1);
            }
            Thread.Sleep(200);
        }
        Assert.True(WaitsOnFuse(master.Pid));

        // Generous: leaving waits 2 s for the writer, then the process ends with the write still hung.
        master.Signal(SIGTERM);
        Assert.True(master.WaitForExit(TimeSpan.FromSeconds(20)), "SIGTERM did not stop the daemon while the file system hangs");
        Assert.Equal(0, master.ExitCode);
        Assert.True(cluster.WaitForSingleMaster(1, TimeSpan.FromSeconds(8)), "the master did not bow out (-z)");
    }

    [Fact]
    public void DirectoryRemovedAcrossATransition_StatusFileCatchesUpWhenItIsBack()
    {
        using UcarpCluster cluster = UcarpCluster.Create(2);
        string directory = Path.Combine(cluster.WorkDirectory, "status");
        string status = Path.Combine(directory, "status.json");
        Directory.CreateDirectory(directory);
        using TestProcess master = cluster.StartMaster("--status-file=" + status);
        using TestProcess backup = cluster.StartBackup();
        Assert.True(UcarpCluster.WaitUntil(() => State(status) == "MASTER", TimeSpan.FromSeconds(5)));

        Directory.Delete(directory, recursive: true);
        master.Signal(SIGUSR2);   // MASTER to BACKUP while the file cannot be written
        Assert.True(cluster.WaitForSingleMaster(1, TimeSpan.FromSeconds(8)));
        Assert.NotNull(master.WaitForLine("[WARNING] Unable to write status file [" + status + "]: No such file or directory", TimeSpan.FromSeconds(5)));
        // Long enough for the master heard to settle: no event is left to rewrite the file.
        Thread.Sleep(3000);
        Directory.CreateDirectory(directory);

        // Retries back off to 30 s at most.
        Assert.True(UcarpCluster.WaitUntil(() => State(status) == "BACKUP", TimeSpan.FromSeconds(45)), "the status file never caught up");
        Assert.Equal("Demoted", JsonDocument.Parse(File.ReadAllBytes(status)).RootElement.GetProperty("reason").GetString());
        Assert.NotNull(master.WaitForLine("[INFO] The status file [" + status + "] is written again", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void WriterThread_OnlyWithAFileOption_FileIs0644UnderUmask077()
    {
        UcarpCluster.SkipUnlessPrivileged();
        using UcarpCluster cluster = UcarpCluster.Create(1);
        TestHost host = cluster.Hosts[0];
        string status = Path.Combine(cluster.WorkDirectory, "status.json");
        string[] usual = ["-i", "eth0", "-s", host.Address.ToString(), "-v", "7", "-p", "secret", "-a", cluster.Vip, "-n", "-z"];

        using (TestProcess bare = cluster.Network.StartProcess(host.Namespace, UcarpCluster.OursBinary, usual))
        {
            Assert.NotNull(bare.WaitForLine("Switching to state: BACKUP", TimeSpan.FromSeconds(8)));
            Assert.DoesNotContain(WriterThread, ThreadNames(bare.Pid));
        }

        using TestProcess files = cluster.Network.StartProcess(host.Namespace, "/bin/sh",
            ["-c", "umask 077; exec \"$0\" \"$@\"", UcarpCluster.OursBinary, .. usual, "--status-file=" + status]);
        Assert.NotNull(files.WaitForLine("Switching to state: BACKUP", TimeSpan.FromSeconds(8)));
        Assert.Contains(WriterThread, ThreadNames(files.Pid));
        Assert.True(UcarpCluster.WaitUntil(() => State(status) == "BACKUP", TimeSpan.FromSeconds(5)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(status));
        files.Signal(SIGTERM);
        Assert.True(files.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal("STOPPED", State(status));
    }
}
