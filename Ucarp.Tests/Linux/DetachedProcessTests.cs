using Microsoft.Win32.SafeHandles;
using Ucarp.Cli.Linux;
using static Tmds.Linux.LibC;

namespace Ucarp.Tests.Linux;

public class DetachedProcessTests
{
    [Fact]
    public void TryStart_NewSession_RunsDetachedAndReportsOnDescriptor3()
    {
        // The child reports what a daemon would check about itself, then closes the pipe by exiting.
        const string Report = """
            echo "sid=$(cut -d' ' -f6 /proc/$$/stat) pid=$$ cwd=$(pwd) stdin=$(readlink /proc/$$/fd/0) stdout=$(readlink /proc/$$/fd/1) env=$UCARP_DETACHED" >&3
            """;
        Assert.True(DetachedProcess.TryStart("/bin/sh", ["-c", Report], ["UCARP_DETACHED=1"],
            newSession: true, out int pid, out FileDescriptorHandle? readiness, out int errno), "errno " + errno);

        string message;
        using (readiness)
        using (var reader = new StreamReader(new FileStream(new SafeFileHandle(readiness.Fd, ownsHandle: false), FileAccess.Read, 1)))
        {
            message = reader.ReadToEnd().Trim();
        }
        _ = WaitFor(pid);
        Assert.Equal($"sid={pid} pid={pid} cwd=/ stdin=/dev/null stdout=/dev/null env=1", message);
    }

    [Fact]
    public void TryStart_ChildDiesAtOnce_ParentSeesEofWithoutMessage()
    {
        Assert.True(DetachedProcess.TryStart("/bin/sh", ["-c", "exit 2"], [],
            newSession: false, out int pid, out FileDescriptorHandle? readiness, out _));
        using (readiness)
        using (var reader = new StreamReader(new FileStream(new SafeFileHandle(readiness.Fd, ownsHandle: false), FileAccess.Read, 1)))
        {
            Assert.Equal("", reader.ReadToEnd());
        }
        Assert.Equal(2 << 8, WaitFor(pid));
    }

    [Fact]
    public void TryStart_MissingExecutable_ReturnsENOENT()
    {
        Assert.False(DetachedProcess.TryStart("/nonexistent/ucarp", [], [],
            newSession: true, out _, out FileDescriptorHandle? readiness, out int errno));
        Assert.Null(readiness);
        Assert.Equal(ENOENT, errno);
    }

    private static unsafe int WaitFor(int pid)
    {
        int status;
        Assert.Equal(pid, Ucarp.Cli.Interop.Libc.waitpid(pid, &status, 0));
        return status;
    }
}
