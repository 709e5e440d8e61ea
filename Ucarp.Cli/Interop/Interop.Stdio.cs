using System.Runtime.InteropServices;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <stdio.h>: not in Tmds.LibC.
        [LibraryImport(Name, EntryPoint = "rename", SetLastError = true)]
        internal static unsafe partial int rename(byte* oldpath, byte* newpath);
    }
}
