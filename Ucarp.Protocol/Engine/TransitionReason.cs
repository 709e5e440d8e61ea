namespace Ucarp.Protocol.Engine;

/// <summary>
/// Why the engine changed state; the host turns it into ucarp's log lines. The names are also
/// UCARP_REASON and the JSON logs' "reason": renaming one changes what scripts and log readers see.
/// </summary>
public enum TransitionReason
{
    /// <summary>INIT to BACKUP at start-up.</summary>
    Startup,
    /// <summary>No advertisement within the master-down interval: we take over (carp.c carp_master_down).</summary>
    MasterDown,
    /// <summary>"Putting MASTER down - preemption": --preempt and we advertise more often.</summary>
    Preemption,
    /// <summary>"Putting MASTER DOWN (going to time out)": the master's interval exceeds our dead interval (also a bow-out).</summary>
    MasterGoingToTimeOut,
    /// <summary>"Preferred master advertised: going back to BACKUP state".</summary>
    PreferredMaster,
    /// <summary>The interface lost its carrier.</summary>
    LinkDown,
    /// <summary>SIGUSR2: stepped down and held out of elections (<see cref="CarpEngine.StepDown"/>).</summary>
    Demoted,
    /// <summary>Leaving on a termination signal with --shutdown.</summary>
    Shutdown,
    /// <summary>The health check failed --check-fall times in a row: a master bows out.</summary>
    Unhealthy,
}
