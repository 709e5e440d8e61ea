using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>The one line a failed socket set-up prints, naming the fix when it is a permission problem.</summary>
internal static class OpenError
{
    public static bool Is(Exception e) => e is ErrnoException;

    public static string Describe(string typedInterface, Exception e)
    {
        int errno = (e as ErrnoException)?.NativeErrorCode ?? 0;
        string hint = errno == EPERM || errno == EACCES ? " (raw sockets need root or CAP_NET_RAW)" : "";
        return $"Unable to open interface [{typedInterface}]: {e.Message}{hint}";
    }
}
