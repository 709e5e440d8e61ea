namespace Ucarp.Cli.CommandLine;

/// <summary>
/// What fgets(buf, 512, fopen(path, "r")) gave: up to 511 bytes, through the first '\n' if any
/// (Bytes), or why it failed, as strerror() text or "unexpected end of file" (ErrorText).
/// </summary>
internal readonly record struct PassFileRead(PassFileStatus Status, byte[] Bytes, string ErrorText)
{
    /// <summary>fgets reads at most sizeof buf - 1 bytes.</summary>
    public const int MaxBytes = 511;

    public static PassFileRead Ok(byte[] bytes) => new(PassFileStatus.Ok, bytes, "");

    public static PassFileRead OpenFailed(string errorText) => new(PassFileStatus.OpenFailed, Array.Empty<byte>(), errorText);

    public static PassFileRead ReadFailed(string errorText) => new(PassFileStatus.ReadFailed, Array.Empty<byte>(), errorText);
}
