namespace Ucarp.Protocol.Observe;

/// <summary>An alarm starting (<paramref name="Raised"/>) or clearing, with the sources involved and the evidence in words.</summary>
public sealed record ObserverAlarm(AlarmKind Kind, byte Vhid, IReadOnlyList<uint> Sources, string Evidence, bool Raised);
