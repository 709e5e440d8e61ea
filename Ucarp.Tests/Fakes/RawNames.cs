using System.Diagnostics;

namespace Ucarp.Tests.Fakes;

// Files whose names hold a byte that is not UTF-8: .NET's file APIs write such a name as U+FFFD and cannot
// delete it, so a shell makes and removes them ($(printf '\377') is the byte 0xFF).
public static class RawNames
{
    public static void Shell(string script, params string[] args)
    {
        using Process shell = Process.Start("/bin/sh", ["-c", script, "sh", .. args])
            ?? throw new InvalidOperationException("sh did not start");
        shell.WaitForExit();
        Assert.Equal(0, shell.ExitCode);
    }

    public static void DeleteTree(string directory) => Shell("rm -rf -- \"$1\"", directory);
}
