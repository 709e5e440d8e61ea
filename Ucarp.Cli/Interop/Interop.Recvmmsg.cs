using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <sys/socket.h>. Tmds.LibC has the structs but not the call.
        [LibraryImport(Name, EntryPoint = "recvmmsg", SetLastError = true)]
        internal static unsafe partial int recvmmsg(int sockfd, mmsghdr* msgvec, uint vlen, int flags, timespec* timeout);
    }
}
