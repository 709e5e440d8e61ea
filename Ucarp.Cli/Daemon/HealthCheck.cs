using System.Diagnostics;
using System.Globalization;
using Ucarp.Cli.CommandLine;
using Ucarp.Cli.Linux;
using Ucarp.Cli.Logging;
using Ucarp.Protocol;
using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// --check: runs the command through /bin/sh every interval (start to start), one at a time, on
/// the event loop like the scripts: the loop polls <see cref="ExitFd"/>, calls <see cref="OnExited"/>,
/// and calls <see cref="OnDeadline"/> once <see cref="TimeUntilDeadline"/> has passed. A check still
/// running at its timeout counts as a failure at once and its process group gets SIGKILL (a check
/// has nothing to clean up). One that outlives SIGKILL is stuck in the kernel (a hung NFS mount): no
/// other check starts until it has gone, and every interval meanwhile counts as a check timed out.
/// Each result goes through fall/rise; a change of health is raised as <see cref="VerdictChanged"/>.
/// </summary>
internal sealed class HealthCheck : IDisposable
{
    private const string Shell = "/bin/sh";

    private readonly Logger _log;
    private readonly HealthCheckOptions _options;
    private readonly string[] _arguments;
    private readonly bool _nullStdio;
    private readonly Func<StateChange> _lastTransition;
    private readonly byte _vhid;
    private readonly byte _demotedSkew;
    private SupervisedProcess? _running;
    private long _nextStart = Stopwatch.GetTimestamp();
    private bool _lostStatusReported;

    /// <param name="scriptArguments">What the up/down scripts get after their path: the check sees them as $1, $2...</param>
    /// <param name="lastTransition">The latest transition, for the UCARP_* variables.</param>
    /// <param name="demotedSkew">The advskew advertised while unhealthy, for the log line.</param>
    public HealthCheck(Logger log, HealthCheckOptions options, IReadOnlyList<string> scriptArguments, bool nullStdio,
        Func<StateChange> lastTransition, byte vhid, byte demotedSkew)
    {
        _log = log;
        _options = options;
        _arguments = ["-c", options.Command, "ucarp-check", .. scriptArguments];
        _nullStdio = nullStdio;
        _lastTransition = lastTransition;
        _vhid = vhid;
        _demotedSkew = demotedSkew;
        Tracker = new HealthTracker(options.Fall, options.Rise);
    }

    public HealthTracker Tracker { get; }

    /// <summary>Raised when the verdict flips (true: healthy again); the instance tells the engine.</summary>
    public event Action<bool>? VerdictChanged;

    /// <summary>A check outlived SIGKILL and has not ended yet.</summary>
    public bool Stuck => _running is { Stage: SupervisedProcess.StopStage.Stuck };

    /// <summary>The running check's pidfd, or -1 (which poll ignores).</summary>
    public int ExitFd => _running?.ExitFd ?? -1;

    /// <summary>When <see cref="OnDeadline"/> is next due: the running check's timeout or the next start.</summary>
    public TimeSpan TimeUntilDeadline
    {
        get
        {
            if (_running?.TimeUntilDeadline is TimeSpan timeout)
            {
                return timeout;
            }
            TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _nextStart);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>The check's pidfd became readable: reap it and count its result (unless it already timed out).</summary>
    public void OnExited()
    {
        if (_running is null || !_running.TryReap(out ProcessExit exit))
        {
            return;
        }
        bool timedOut = _running.Stage != SupervisedProcess.StopStage.Running;
        bool stuck = Stuck;
        TimeSpan took = _running.Elapsed;
        EndRunning();
        if (stuck)
        {
            _log.Warning($"Health check stuck in the kernel ended {DurationText.Seconds(took, 0)} s after it started");
        }
        if (timedOut)
        {
            return;
        }
        if (exit.StatusLost)
        {
            if (!_lostStatusReported)
            {
                _lostStatusReported = true;
                _log.Warning("Health check status reaped elsewhere: results ignored");
            }
            return;
        }
        if (_log.DebugEnabled)
        {
            _log.Debug(string.Create(CultureInfo.InvariantCulture, $"Health check ended with {exit} after {DurationText.Milliseconds(took)} ms"));
        }
        Record(exit.Succeeded ? CheckResult.Passed : CheckResult.Failed);
    }

    /// <summary>Starts the next check when due; a check past its timeout fails and is killed, a stuck one fails each interval.</summary>
    public void OnDeadline()
    {
        long now = Stopwatch.GetTimestamp();
        if (_running is null || Stuck)
        {
            if (now < _nextStart)
            {
                return;
            }
            if (_running is null)
            {
                Start();
                return;
            }
            ScheduleNext(now);
            Record(CheckResult.TimedOut);
            return;
        }
        if (!_running.IsPastDeadline)
        {
            return;
        }
        if (_running.Stage == SupervisedProcess.StopStage.Running)
        {
            _log.Warning(string.Create(CultureInfo.InvariantCulture,
                $"Health check still running after {DurationText.SecondsUpTo(_options.EffectiveTimeout, 3)} s: killing it"));
            _running.Kill();
            Record(CheckResult.TimedOut);
            return;
        }
        _log.Error("Health check still running after SIGKILL (stuck in the kernel): no other check starts until it ends; each interval counts as timed out");
        _running.MarkStuck();
    }

    // Start to start, without drift; an interval already past is not made up for.
    private void ScheduleNext(long now)
    {
        long interval = StopwatchTicks.From(_options.Interval);
        _nextStart += interval;
        if (_nextStart <= now)
        {
            _nextStart = now + interval;
        }
    }

    private void Start()
    {
        ScheduleNext(Stopwatch.GetTimestamp());
        StateChange last = _lastTransition();
        string[] environment = ScriptQueue.Environment(last.To, last.From, _vhid, last.Reason);
        if (SupervisedProcess.TryStart(Shell, _arguments, environment, _options.EffectiveTimeout, _nullStdio,
            out SupervisedProcess? process, out int errno))
        {
            _running = process;
            return;
        }
        _log.Error($"Unable to start the health check: {Errno.Message(errno)}");
        Record(CheckResult.Failed);
    }

    private void Record(CheckResult result)
    {
        if (!Tracker.Record(result))
        {
            return;
        }
        bool healthy = Tracker.Healthy == true;
        if (healthy)
        {
            _log.Warning($"Health check passed {Times(Tracker.ConsecutiveSuccesses)}: healthy");
        }
        else
        {
            _log.Warning($"Health check failed {Times(Tracker.ConsecutiveFailures)}: demoting (advskew {_demotedSkew})");
        }
        VerdictChanged?.Invoke(healthy);
    }

    private static string Times(int count) => count == 1 ? "once" : $"{count} times";

    private void EndRunning()
    {
        _running!.Dispose();
        _running = null;
    }

    /// <summary>Leaving: a running check is killed with its group; init reaps it once we have exited.</summary>
    public void Dispose()
    {
        if (_running is null)
        {
            return;
        }
        if (_running.Stage == SupervisedProcess.StopStage.Running)
        {
            _running.Kill();
        }
        EndRunning();
    }
}
