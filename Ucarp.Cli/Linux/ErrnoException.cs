using System.ComponentModel;

namespace Ucarp.Cli.Linux;

/// <summary>
/// A system call failed. A <see cref="Win32Exception"/>, so <see cref="Win32Exception.NativeErrorCode"/> is the
/// errno and <see cref="Exception.Message"/> is strerror alone (the error lines match ucarp 1.5.2's); the
/// call's name travels separately, for whoever diagnoses an unexpected failure.
/// </summary>
internal sealed class ErrnoException(string call, int errno) : Win32Exception(errno)
{
    public string Call { get; } = call;

    public override string ToString() => $"{Call}: {base.ToString()}";
}
