namespace Ucarp.Protocol.Engine;

/// <summary>How one run of the health check ended.</summary>
public enum CheckResult
{
    /// <summary>Exit status 0.</summary>
    Passed,
    /// <summary>Any other status, a signal, or a command that could not be started.</summary>
    Failed,
    /// <summary>Still running at the check timeout, so killed: a failure.</summary>
    TimedOut,
}
