namespace Ucarp.Tests.CommandLine;

public enum GetOptTable
{
    // Ours: ucarp's table plus 'm:' and -V/--version.
    Ours,

    // ucarp 1.5.2's table, as in Debian's binary.
    Original,
}
