namespace Ucarp.Tests.CommandLine;

public enum GetOptTable
{
    // Ours: ucarp's table plus 'm:' and -V/--version. Our long-only options are left out: they
    // never take an abbreviation an original option fits, a rule glibc does not have
    // (GetOptLongTests covers them).
    Ours,

    // ucarp 1.5.2's table, as in Debian's binary.
    Original,
}
