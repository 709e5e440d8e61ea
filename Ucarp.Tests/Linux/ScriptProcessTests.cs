using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Tmds.Linux;
using Ucarp.Cli.Linux;
using Ucarp.Tests.Fakes;
using static Tmds.Linux.LibC;

namespace Ucarp.Tests.Linux;

[SupportedOSPlatform("linux")]
public sealed class ScriptProcessTests : IDisposable
{
    private static readonly string[] NoExtraEnvironment = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("ucarp-script-").FullName;

    public void Dispose() => RawNames.DeleteTree(_directory);

    [Fact]
    public void TryStart_ArgumentsAndEnvironment_ReachTheScript()
    {
        string output = Path.Combine(_directory, "out");
        string script = WriteScript($"""
            printf '%s\n' "$0" "$@" > {output}
            printf '%s\n' "$UCARP_STATE" "$UCARP_VHID" "$HOME" >> {output}
            """);
        string[] extra = ["UCARP_STATE=MASTER", "UCARP_VHID=7", "HOME=/overridden"];

        ProcessExit exit = RunToEnd(script, ["eth0:carp0", "198.18.0.100", "with space"], extra);

        Assert.True(exit.Succeeded, exit.ToString());
        Assert.Equal([script, "eth0:carp0", "198.18.0.100", "with space", "MASTER", "7", "/overridden"], File.ReadAllLines(output));
    }

    // Strings carry bytes that are not UTF-8 as SurrogateEscape decodes them ("\uDCFF" is 0xFF).
    [Fact]
    public void TryStart_PathArgumentsAndEnvironmentNotUtf8_ReachTheScriptAsBytes()
    {
        string output = Path.Combine(_directory, "out");
        string written = WriteScript($"printf '%s\\n' \"$0\" \"$1\" \"$UCARP_X\" > {output}");
        string script = Path.Combine(_directory, "up\uDCFF.sh");
        File.Move(written, Path.Combine(_directory, "renamed"));
        RawNames.Shell("mv \"$1\" \"$2$(printf '\\377').sh\"", Path.Combine(_directory, "renamed"), Path.Combine(_directory, "up"));

        ProcessExit exit = RunToEnd(script, ["eth\uDCFE"], ["UCARP_X=v\uDC80"]);

        Assert.True(exit.Succeeded, exit.ToString());
        byte[] expected = [.. Encoding.UTF8.GetBytes(Path.Combine(_directory, "up")), 0xFF, .. ".sh\neth"u8, 0xFE, (byte)'\n', (byte)'v', 0x80, (byte)'\n'];
        Assert.Equal(expected, File.ReadAllBytes(output));
    }

    [Fact]
    public void TryStart_InheritsTheCurrentEnvironment()
    {
        string output = Path.Combine(_directory, "out");
        string script = WriteScript($"printf '%s' \"$PATH\" > {output}");
        Assert.True(RunToEnd(script, [], NoExtraEnvironment).Succeeded);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), File.ReadAllText(output));
    }

    [Fact]
    public void TryReap_ExitStatus_IsDecoded()
    {
        ProcessExit exit = RunToEnd(WriteScript("exit 3"), [], NoExtraEnvironment);
        Assert.Equal(new ProcessExit(3, 0, StatusLost: false), exit);
        Assert.Equal("exit status 3", exit.ToString());
    }

    [Fact]
    public void TryReap_KilledBySignal_ReportsTheSignal()
    {
        ProcessExit exit = RunToEnd(WriteScript("kill -TERM $$"), [], NoExtraEnvironment);
        Assert.Equal(SIGTERM, exit.Signal);
        Assert.False(exit.Succeeded);
    }

    [Fact]
    public void TryStart_MissingScript_ReturnsENOENT()
    {
        Assert.False(ScriptProcess.TryStart(Path.Combine(_directory, "missing"), [], NoExtraEnvironment, out ScriptProcess? process, out int errno));
        Assert.Null(process);
        Assert.Equal(ENOENT, errno);
    }

    [Fact]
    public void TryStart_NotExecutable_ReturnsEACCES()
    {
        string script = WriteScript("exit 0");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.False(ScriptProcess.TryStart(script, [], NoExtraEnvironment, out _, out int errno));
        Assert.Equal(EACCES, errno);
    }

    [Fact]
    public void TryStart_NoPathSearch_BareNameIsNotFound()
    {
        Assert.False(ScriptProcess.TryStart("true", [], NoExtraEnvironment, out _, out int errno));
        Assert.Equal(ENOENT, errno);
    }

    [Fact]
    public void ExitFd_BecomesReadableAtExit_AndReapLeavesNoZombie()
    {
        string release = Path.Combine(_directory, "release");
        string script = WriteScript($"while [ ! -e {release} ]; do sleep 0.01; done");
        Assert.True(ScriptProcess.TryStart(script, [], NoExtraEnvironment, out ScriptProcess? process, out int errno), errno.ToString(CultureInfo.InvariantCulture));
        using (process)
        {
            Span<PollFd> fds = [new PollFd(process.ExitFd, PollEvents.In)];
            Assert.Equal(0, Poller.Wait(fds, TimeSpan.FromMilliseconds(50)));
            Assert.False(process.TryReap(out _));

            File.WriteAllText(release, "");
            Assert.Equal(1, Poller.Wait(fds, TimeSpan.FromSeconds(10)));
            Assert.Equal('Z', ProcessState(process.Pid));   // exited, not yet reaped

            Assert.True(process.TryReap(out ProcessExit exit));
            Assert.True(exit.Succeeded);
            Assert.Null(ProcessState(process.Pid));          // reaped: no zombie left
            Assert.True(process.TryReap(out ProcessExit again));
            Assert.Equal(exit, again);
        }
    }

    [Fact]
    public void SignalGroup_LeadsItsOwnGroup_TermReachesWhatItStarted()
    {
        string child = Path.Combine(_directory, "child");
        string script = WriteScript($"sleep 60 & echo $! > {child}.tmp; mv {child}.tmp {child}; wait");
        Assert.True(ScriptProcess.TryStart(script, [], NoExtraEnvironment, out ScriptProcess? process, out int errno), "errno " + errno);
        using (process)
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(child) && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(10);
            }
            int sleeper = int.Parse(File.ReadAllText(child), CultureInfo.InvariantCulture);
            Assert.Equal(process.Pid, ProcessGroup(process.Pid));
            Assert.Equal(process.Pid, ProcessGroup(sleeper));

            process.SignalGroup(SIGTERM);

            Span<PollFd> fds = [new PollFd(process.ExitFd, PollEvents.In)];
            Assert.Equal(1, Poller.Wait(fds, TimeSpan.FromSeconds(20)));
            Assert.True(process.TryReap(out ProcessExit exit));
            Assert.Equal(SIGTERM, exit.Signal);
            clock.Restart();
            while (ProcessState(sleeper) is char state && state != 'Z' && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(10);
            }
            Assert.True(ProcessState(sleeper) is null or 'Z', "the script's child survived SIGTERM to the group");
            process.SignalGroup(SIGKILL);   // reaped: nothing is sent, nothing throws
        }
    }

    [Fact]
    public unsafe void TryStart_BlockedAndIgnoredSignals_AreResetForTheScript()
    {
        // The runtime ignores SIGPIPE; block SIGUSR1 on the spawning thread too. The script must see neither.
        string output = Path.Combine(_directory, "out");
        string script = WriteScript($"grep -E '^Sig(Blk|Ign):' /proc/$$/status > {output}");
        ProcessExit exit = default;
        var thread = new Thread(() =>
        {
            sigset_t set;
            _ = sigemptyset(&set);
            _ = sigaddset(&set, SIGUSR1);
            _ = pthread_sigmask(SIG_BLOCK, &set, null);
            exit = RunToEnd(script, [], NoExtraEnvironment);
        });
        thread.Start();
        thread.Join();
        Assert.True(exit.Succeeded, exit.ToString());
        Assert.Equal(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"], File.ReadAllLines(output));
    }

    private static ProcessExit RunToEnd(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> extra)
    {
        Assert.True(ScriptProcess.TryStart(path, arguments, extra, out ScriptProcess? process, out int errno), "errno " + errno);
        using (process)
        {
            Span<PollFd> fds = [new PollFd(process.ExitFd, PollEvents.In)];
            Assert.Equal(1, Poller.Wait(fds, TimeSpan.FromSeconds(20)));
            Assert.True(process.TryReap(out ProcessExit exit));
            return exit;
        }
    }

    private static int? ProcessGroup(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // After "(comm) S ppid": the fifth field is the process group.
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static char? ProcessState(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private string WriteScript(string body)
    {
        string path = Path.Combine(_directory, "script-" + Guid.NewGuid().ToString("N")[..8] + ".sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
