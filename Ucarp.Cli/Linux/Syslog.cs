using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>syslog(3) through libc, as ucarp does: ident, LOG_PID, the -f facility.</summary>
internal static unsafe partial class Syslog
{
    private const int StackLimit = 1024;

    private static readonly Lock _lock = new();
    private static byte* _ident;   // openlog keeps this pointer: it lives in native memory until replaced

    public static void Open(string ident, int facility)
    {
        int length = Encoding.UTF8.GetByteCount(ident);
        byte* copy = (byte*)NativeMemory.Alloc((nuint)length + 1);
        _ = Encoding.UTF8.GetBytes(ident, new Span<byte>(copy, length));
        copy[length] = 0;
        lock (_lock)
        {
            openlog(copy, LOG_PID, facility);
            // glibc no longer reads the previous ident once openlog has returned.
            NativeMemory.Free(_ident);
            _ident = copy;
        }
    }

    /// <summary>The message goes through "%s", so a '%' in it is never read as a conversion.</summary>
    public static void Write(int priority, string message)
    {
        int length = SurrogateEscape.GetByteCount(message) + 1;
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            int written = SurrogateEscape.Encode(message, buffer);
            buffer[written] = 0;
            fixed (byte* text = buffer)
            fixed (byte* format = "%s\0"u8)
            {
                syslog(priority, format, text);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static void Close()
    {
        lock (_lock)
        {
            closelog();
            NativeMemory.Free(_ident);
            _ident = null;
        }
    }
}
