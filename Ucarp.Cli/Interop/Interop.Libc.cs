namespace Ucarp.Cli;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // The soname Tmds.LibC binds too. Ucarp.Cli.csproj lists it as a DirectPInvoke: the static
        // binary cannot dlopen libc, so every call is resolved when the executable is linked.
        private const string Name = "libc.so.6";
    }
}
