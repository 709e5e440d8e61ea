namespace Ucarp.Cli.Logging;

/// <summary>
/// The virtual host a log line concerns, as --log-format=json names it in fields of its own
/// (<c>interface</c>, <c>vhid</c>, <c>vip</c>): under --instances, one log carries many.
/// </summary>
internal sealed record LogInstance(string Interface, byte Vhid, string Vip);
