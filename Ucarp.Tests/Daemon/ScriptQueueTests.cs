using System.Diagnostics;
using System.Globalization;
using Ucarp.Cli.Daemon;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol.Engine;
using Ucarp.Tests.Fakes;
using Ucarp.Tests.Linux;

namespace Ucarp.Tests.Daemon;

/// <summary>ScriptQueue with real /bin/sh scripts, driven as the event loop drives it.</summary>
public sealed class ScriptQueueTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("ucarp-queue-").FullName;
    private readonly RecordingSink _sink = new();
    private readonly ScriptQueue _queue;

    private readonly ScriptRequest _up;
    private readonly ScriptRequest _down;

    public ScriptQueueTests()
    {
        _queue = NewQueue(TimeSpan.FromSeconds(20));
        _up = Request(Script("up"), CarpState.Master);
        _down = Request(Script("down"), CarpState.Backup);
    }

    private ScriptQueue NewQueue(TimeSpan timeout)
    {
        var log = new Logger();
        log.AddSink(_sink);
        return new ScriptQueue(log, "eth0", "198.18.0.100", null, 7, timeout);
    }

    public void Dispose()
    {
        Release();
        _queue.Dispose();
        RawNames.DeleteTree(_directory);
    }

    private string Record => Path.Combine(_directory, "record");

    private string Hold => Path.Combine(_directory, "hold");

    private string[] Ran => File.Exists(Record) ? File.ReadAllLines(Record) : [];

    [Fact]
    public void UpDownUpWhileOneRuns_ExactlyOneUpRunsAfterIt()
    {
        StartHeld(_down);

        _queue.Enqueue(_up);
        _queue.Enqueue(_down);
        _queue.Enqueue(_up);
        Release();
        RunUntilIdle();

        Assert.Equal(["down BACKUP", "up MASTER"], Ran);
    }

    [Fact]
    public void DownThenUpWhileAnUpRuns_NothingRunsAfterIt()
    {
        StartHeld(_up);

        _queue.Enqueue(_down);
        Assert.True(_queue.HasPending);
        _queue.Enqueue(_up);
        Assert.False(_queue.HasPending);
        Release();
        RunUntilIdle();

        Assert.Equal(["up MASTER"], Ran);
    }

    [Fact]
    public void ThousandFlipsWhileOneRuns_OneScriptWaits_TheLastWordIsTheLastState()
    {
        StartHeld(_down);

        for (int i = 0; i < 1001; i++)
        {
            _queue.Enqueue(i % 2 == 0 ? _up : _down);
        }
        Release();
        RunUntilIdle();

        Assert.Equal(["down BACKUP", "up MASTER"], Ran);
        Assert.Equal(2, _sink.Lines.Count(l => l.Message.StartsWith("Spawning", StringComparison.Ordinal)));
    }

    // ucarp 1.5.2's order for transitions a script apart: the down script at start, the up script on
    // taking over even while the down script still runs, then the down script again.
    [Fact]
    public void TransitionsAScriptApart_EachRunsInOrder()
    {
        StartHeld(_down);
        _queue.Enqueue(_up);
        Release();
        RunUntilIdle();
        _queue.Enqueue(_down);
        RunUntilIdle();

        Assert.Equal(["down BACKUP", "up MASTER", "down BACKUP"], Ran);
        Assert.Equal(3, _sink.Lines.Count(l => l.Message.StartsWith("Spawning", StringComparison.Ordinal)));
    }

    [Fact]
    public void StopAll_WaitingDownStays_RunningUpIsStopped_CutShort()
    {
        StartHeld(_up);
        _queue.Enqueue(_down);

        Assert.True(_queue.StopAll());
        RunUntilIdle();

        Assert.Equal(["up MASTER", "down BACKUP"], Ran);
        Assert.Contains(_sink.Lines, l => l.Message.Contains("ended with killed by signal 15", StringComparison.Ordinal));
    }

    [Fact]
    public void StuckUpScript_NoOtherStartsUntilItHasGone_ThenTheLatestRuns()
    {
        using var frozen = new FrozenFileSystem();
        string pids = Path.Combine(_directory, "pids");
        string up = Script("stuck-up", $"echo $$ >> {pids}; echo x > {frozen.Mount}/file");
        using ScriptQueue queue = NewQueue(TimeSpan.FromSeconds(0.2));
        queue.Enqueue(Request(up, CarpState.Master));
        queue.StartPending();

        // Timeout, SIGTERM, SIGKILL 2 s later, stuck 2 s after that; then the down script's turn would come.
        var clock = Stopwatch.StartNew();
        queue.Enqueue(_down);
        while (clock.Elapsed < TimeSpan.FromSeconds(7))
        {
            Turn(queue, TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(["stuck-up MASTER"], Ran);
        int pid = int.Parse(Assert.Single(File.ReadAllLines(pids)), CultureInfo.InvariantCulture);
        Assert.Equal('D', FrozenFileSystem.State(pid));   // else this test proves nothing
        Assert.Contains(_sink.Lines, l => l.Message.Contains("still running after SIGKILL (stuck in the kernel)", StringComparison.Ordinal));
        Assert.False(queue.IsIdle);
        Assert.Null(queue.TimeUntilDeadline);

        frozen.Thaw();
        RunUntilIdle(queue);

        Assert.Equal(["stuck-up MASTER", "down BACKUP"], Ran);
        Assert.Null(FrozenFileSystem.State(pid));
    }

    // A script that records its name and state, then runs body, or else waits while the hold file exists.
    private string Script(string name, string? body = null)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, $"#!/bin/sh\necho \"{name} $UCARP_STATE\" >> {Record}\n" +
            (body ?? $"while [ -e {Hold} ]; do sleep 0.02; done") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static ScriptRequest Request(string path, CarpState state) =>
        new(path, state, state == CarpState.Master ? CarpState.Backup : CarpState.Master, TransitionReason.MasterDown);

    // Starts the script and waits until it runs; it then waits for Release.
    private void StartHeld(ScriptRequest request)
    {
        File.WriteAllText(Hold, "");
        _queue.Enqueue(request);
        _queue.StartPending();
        WaitForRun(Path.GetFileName(request.Path));
    }

    private void Release() => File.Delete(Hold);

    // Waits until the named script has recorded that it runs.
    private void WaitForRun(string name)
    {
        var clock = Stopwatch.StartNew();
        while (!Ran.Any(l => l.StartsWith(name + " ", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < Limit, name + " did not start");
            Thread.Sleep(10);
        }
    }

    private void RunUntilIdle(ScriptQueue? queue = null)
    {
        queue ??= _queue;
        var clock = Stopwatch.StartNew();
        queue.StartPending();
        while (!queue.IsIdle)
        {
            Assert.True(clock.Elapsed < Limit, "the scripts did not finish");
            Turn(queue, TimeSpan.FromMilliseconds(100));
        }
    }

    // One turn of the event loop: start what waits, poll the script's pidfd until its deadline, act.
    private static void Turn(ScriptQueue queue, TimeSpan maxWait)
    {
        queue.StartPending();
        PollFd[] fds = [new PollFd(queue.ExitFd, PollEvents.In)];
        TimeSpan wait = queue.TimeUntilDeadline is TimeSpan due && due < maxWait ? due : maxWait;
        _ = Poller.Wait(fds, wait);
        if (fds[0].HasInput())
        {
            queue.OnExited();
        }
        queue.OnDeadline();
    }
}
