using System.Runtime.InteropServices;

namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // <stdio.h>: not in Tmds.LibC.
        [LibraryImport(Name, EntryPoint = "renameat", SetLastError = true)]
        internal static unsafe partial int renameat(int olddirfd, byte* oldpath, int newdirfd, byte* newpath);
    }
}
