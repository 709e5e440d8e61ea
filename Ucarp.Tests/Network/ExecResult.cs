namespace Ucarp.Tests.Network;

public sealed record ExecResult(int ExitCode, string Stdout, string Stderr)
{
    public ExecResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}): {Stderr.Trim()} {Stdout.Trim()}");
}
