namespace Ucarp.Protocol.Engine;

/// <summary>One transition; <see cref="RunScript"/> is false only for the neutral start (no down script).</summary>
public readonly record struct StateChange(CarpState From, CarpState To, TransitionReason Reason, bool RunScript);
