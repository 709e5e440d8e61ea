using Ucarp.Cli.Linux;
using Ucarp.Protocol.Engine;
using Ucarp.Protocol.Packets;

namespace Ucarp.Cli.Logging;

/// <summary>
/// The structured side of a log line, for --log-format=json: what happened, as fields a program
/// can read without parsing the message. Text sinks ignore it; <c>default</c> means a plain line.
/// </summary>
internal readonly record struct LogEvent(
    string? Event,
    string? From = null,
    string? To = null,
    string? Reason = null,
    string? Script = null,
    int? Exit = null,
    int? Signal = null,
    string? Source = null,
    LogInstance? Instance = null)
{
    public static LogEvent Transition(StateChange change) =>
        new("transition", From: EventNames.State(change.From), To: EventNames.State(change.To), Reason: change.Reason.ToString());

    /// <summary>A script ended; <paramref name="exit"/> is null when it could not be started.</summary>
    public static LogEvent ScriptEnded(CarpState state, ProcessExit? exit) => new(
        "script",
        Script: EventNames.Script(state),
        Exit: exit is { StatusLost: false, Signal: 0 } e ? e.ExitCode : null,
        Signal: exit is { Signal: > 0 } k ? k.Signal : null);

    public static LogEvent Drop(DropReason reason, CarpAddress source) =>
        new("drop", Reason: EventNames.Drop(reason), Source: source.ToString());
}
