using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Monitoring;

/// <summary>
/// With --check: the health the engine acts on (healthy until a result says otherwise), the
/// consecutive failures counting towards --check-fall, the runs indexed by <see cref="CheckResult"/>, and
/// whether a check outlived SIGKILL (stuck in the kernel) and holds back the next.
/// </summary>
internal sealed record HealthSnapshot(bool Healthy, int CheckFailures, IReadOnlyList<long> Runs, bool CheckStuck)
{
    public static IReadOnlyList<CheckResult> Results { get; } = Enum.GetValues<CheckResult>();

    /// <summary>The <c>result</c> label and the status file's name for a result.</summary>
    public static string Name(CheckResult result) => result switch
    {
        CheckResult.Passed => "passed",
        CheckResult.Failed => "failed",
        _ => "timed_out",
    };
}
