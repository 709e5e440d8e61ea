namespace Ucarp.Cli.Linux;

/// <summary>
/// One rtnetlink link notification. LostEvents: the kernel dropped notifications because the socket
/// buffer overflowed (ENOBUFS); Index is 0 then and the caller should re-read its device with NetDevice.Query.
/// </summary>
internal readonly record struct LinkEvent(int Index, bool IsUp, bool IsRunning, bool Removed, bool LostEvents = false);
