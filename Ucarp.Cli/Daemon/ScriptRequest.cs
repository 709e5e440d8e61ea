using Ucarp.Protocol.Engine;

namespace Ucarp.Cli.Daemon;

/// <summary>One up or down script to run for a transition.</summary>
internal sealed record ScriptRequest(string Path, CarpState State, CarpState PreviousState, TransitionReason Reason);
