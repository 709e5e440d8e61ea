using System.Runtime.InteropServices;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <stdlib.h>: not in Tmds.LibC.
        [LibraryImport(Name, EntryPoint = "getenv")]
        internal static unsafe partial byte* getenv(byte* name);
    }
}
