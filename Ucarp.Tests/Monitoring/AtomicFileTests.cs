using Ucarp.Cli.Monitoring;
using Ucarp.Tests.Network;

namespace Ucarp.Tests.Monitoring;

/// <summary>
/// The daemon (root) writing into a directory another user owns, as node_exporter's textfile directory
/// often is: whatever that user plants there, as that user (runuser), is replaced, never written
/// through, and never makes the write wait.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class AtomicFileTests : IDisposable
{
    private static readonly byte[] Content = "{\"state\": \"MASTER\"}\n"u8.ToArray();

    private readonly string _root = Directory.CreateTempSubdirectory("ucarp-atomic-").FullName;

    public AtomicFileTests()
    {
        Assert.SkipUnless(TestNetwork.IsRoot, "needs root to act as another user");
        // The temporary subdirectory is 0700: the other user must be able to reach its directory.
        File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        Directory.CreateDirectory(Shared);
        Directory.CreateDirectory(Private);
        TestNetwork.Run("chown", ["nobody", Shared]).EnsureSuccess("chown");
    }

    /// <summary>Owned by nobody: the status file goes here.</summary>
    private string Shared => Path.Combine(_root, "textfile");

    /// <summary>root's own, where nobody can write: the victim lives here.</summary>
    private string Private => Path.Combine(_root, "private");

    private string Target => Path.Combine(Shared, "status.json");

    /// <summary>The temporary name the daemon used to write through: a dot, the name, its pid.</summary>
    private string OldTemporary => Path.Combine(Shared, $".status.json.{Environment.ProcessId}.tmp");

    private static void AsNobody(params string[] command) =>
        TestNetwork.Run("runuser", ["-u", "nobody", "--", .. command]).EnsureSuccess(string.Join(' ', command));

    /// <summary>The errno of Replace, or null when it has not returned within a generous bound (the write
    /// itself takes milliseconds; blocked in open(), it never ends). A thread, not a task: it may never end.</summary>
    private static int? ReplaceWithin(string path)
    {
        int errno = -1;
        var writer = new Thread(() => errno = AtomicFile.Replace(path, Content, durable: true)) { IsBackground = true };
        writer.Start();
        return writer.Join(TimeSpan.FromSeconds(30)) ? errno : null;
    }

    [Fact]
    public void Replace_LinksPlantedAtTemporaryAndTargetNames_TargetReplacedNothingElseWritten()
    {
        string victim = Path.Combine(Private, "shadow");
        File.WriteAllText(victim, "secret\n");
        AsNobody("ln", "-s", victim, OldTemporary);
        AsNobody("ln", "-s", victim, Target);

        Assert.Equal(0, AtomicFile.Replace(Target, Content, durable: true));

        Assert.Equal("secret\n", File.ReadAllText(victim));
        var written = new FileInfo(Target);
        Assert.Null(written.LinkTarget);
        Assert.Equal(Content, File.ReadAllBytes(Target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, written.UnixFileMode);
    }

    [Fact]
    public void Replace_FifosPlantedAtTemporaryAndTargetNames_ReturnsAtOnceAndTargetIsTheFile()
    {
        AsNobody("mkfifo", OldTemporary);
        AsNobody("mkfifo", Target);

        int? errno = ReplaceWithin(Target);
        if (errno is null)
        {
            // A reader lets the blocked open go on, so a failing run leaves no thread behind.
            foreach (string fifo in new[] { OldTemporary, Target })
            {
                _ = TestNetwork.Run("timeout", ["5", "cat", fifo]);
            }
        }

        Assert.Equal(0, errno);
        Assert.Equal(Content, File.ReadAllBytes(Target));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
