using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

/// <summary>
/// Which script a transition runs: the up script on becoming master, the down script otherwise,
/// none at start-up with --neutral (the engine's <see cref="StateChange.RunScript"/>) or when the
/// option was not given. The engine knows only whether an up script exists
/// (<see cref="CarpConfig.AnnounceAfterUpScript"/>): it decides when the VIP is announced.
/// </summary>
internal sealed record ScriptPolicy(string? UpScript, string? DownScript)
{
    public ScriptRequest? For(StateChange change)
    {
        string? script = change.To == CarpState.Master ? UpScript : DownScript;
        return change.RunScript && !string.IsNullOrEmpty(script)
            ? new ScriptRequest(script, change.To, change.From, change.Reason)
            : null;
    }

    /// <summary>
    /// Leaving after an up script was cut short or dropped: the VIP may be configured whatever the
    /// state says, so the down script runs unless one is queued already.
    /// </summary>
    public ScriptRequest? ForLeaving(bool upScriptCutShort, bool scriptQueued, CarpState state) =>
        upScriptCutShort && !scriptQueued && !string.IsNullOrEmpty(DownScript)
            ? new ScriptRequest(DownScript, CarpState.Backup, state, TransitionReason.Shutdown)
            : null;
}
