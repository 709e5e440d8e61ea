using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Ucarp.Cli.Linux;

// The one place an errno becomes an exception. On Unix, Win32Exception's message is strerror(errno)
// ("No such device"), which is what ucarp prints after its own words.
internal static class Errno
{
    [DoesNotReturn]
    internal static void Throw(int errno) => throw new Win32Exception(errno);
}
