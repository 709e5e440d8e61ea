using System.ComponentModel;
using System.Net.Sockets;

namespace Ucarp.Cli.Linux;

// The one line a failed socket set-up prints, naming the fix when it is a permission problem.
internal static class OpenError
{
    internal static bool Is(Exception e) => e is Win32Exception or SocketException;

    internal static string Describe(string typedInterface, Exception e)
    {
        int errno = (e as Win32Exception)?.NativeErrorCode ?? 0;
        string hint = errno is 1 or 13 || e is SocketException { SocketErrorCode: SocketError.AccessDenied }
            ? " (raw sockets need root or CAP_NET_RAW)" : "";
        return $"Unable to open interface [{typedInterface}]: {e.Message}{hint}";
    }
}
