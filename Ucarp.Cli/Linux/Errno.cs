using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// The errno discipline of every wrapper in this folder (as dotnet/runtime's <c>Interop.CheckIo</c>): a failed
/// call becomes an <see cref="ErrnoException"/> naming it, an interrupted one (EINTR) is made again, and an
/// errno becomes text in one place.
/// </summary>
internal static class Errno
{
    /// <summary>A call whose arguments travel in <paramref name="state"/>, so that a static lambda (cached by the
    /// compiler, never allocated) can be retried. Returns what the system call returns: negative on failure.</summary>
    public delegate long Call<TState>(in TState state);

    /// <summary>strerror(errno), the text ucarp prints after its own words ("No such device").</summary>
    public static string Message(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    [DoesNotReturn]
    public static void Throw(string call, int errno) => throw new ErrnoException(call, errno);

    /// <summary>Returns <paramref name="result"/>, or throws with the errno of the call just made when it is
    /// negative. Pass the call's result directly, so that nothing runs between it and reading errno.</summary>
    public static int Check(int result, string call)
    {
        if (result < 0)
        {
            Throw(call, Marshal.GetLastPInvokeError());
        }
        return result;
    }

    /// <summary>Makes the call again while a signal interrupts it (EINTR). Returns its result; when that is
    /// negative, <paramref name="errno"/> says why.</summary>
    public static long Retry<TState>(in TState state, Call<TState> call, out int errno)
    {
        while (true)
        {
            long result = call(in state);
            if (result >= 0)
            {
                errno = 0;
                return result;
            }
            errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                return result;
            }
        }
    }

    /// <summary>As <see cref="Retry"/>, but a failure throws.</summary>
    public static long CheckRetry<TState>(in TState state, Call<TState> call, string name)
    {
        long result = Retry(in state, call, out int errno);
        if (result < 0)
        {
            Throw(name, errno);
        }
        return result;
    }
}
