using System.Collections;
using System.Text;
using static Tmds.Linux.LibC;

namespace Ucarp.Cli.Linux;

/// <summary>
/// What the kernel gave this process, byte for byte: /proc/self/cmdline (argv) and /proc/self/environ (the
/// environment it started with), runs of NUL-terminated strings decoded with SurrogateEscape. The runtime's
/// args and Environment are decoded lossily: invalid UTF-8 becomes U+FFFD.
/// </summary>
internal static class ProcSelf
{
    /// <summary>
    /// Our executable (readlink /proc/self/exe, as Environment.ProcessPath, but without its lossy decoding),
    /// or the link itself when it cannot be read.
    /// </summary>
    public static unsafe string ExecutablePath()
    {
        const int Size = 4096;   // PATH_MAX
        byte* buffer = stackalloc byte[Size];
        long length;
        fixed (byte* link = "/proc/self/exe\0"u8)
        {
            length = readlink(link, buffer, Size);
        }
        return length is > 0 and < Size ? SurrogateEscape.Decode(new ReadOnlySpan<byte>(buffer, (int)length)) : "/proc/self/exe";
    }

    /// <summary>
    /// argv[0] and the arguments; the runtime's own when /proc does not hold the same arguments (not mounted,
    /// or argv rewritten), so that nothing changes but the bytes the runtime could not decode.
    /// </summary>
    public static string[] CommandLine(string[] runtimeArgs)
    {
        if (ReadStrings("/proc/self/cmdline") is { } argv && argv.Count == runtimeArgs.Length + 1 && SameAsRuntime(argv, runtimeArgs))
        {
            return argv.ToArray();
        }
        // Copies, not collection expressions: their spans of strings kept Type.Name, and with it the
        // reflection stack, in the binary.
        string[] fallback = new string[runtimeArgs.Length + 1];
        fallback[0] = System.Environment.GetCommandLineArgs() is [var first, ..] ? first : "";
        runtimeArgs.CopyTo(fallback, 1);
        return fallback;
    }

    /// <summary>"NAME=value" strings; the runtime's view when /proc cannot be read.</summary>
    public static List<string> Environment()
    {
        if (ReadStrings("/proc/self/environ") is { } environment)
        {
            return environment;
        }
        var entries = new List<string>();
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            entries.Add((string)entry.Key + "=" + (string?)entry.Value);
        }
        return entries;
    }

    private static bool SameAsRuntime(List<string> argv, string[] runtimeArgs)
    {
        for (int i = 0; i < runtimeArgs.Length; i++)
        {
            if (Encoding.UTF8.GetString(SurrogateEscape.Encode(argv[i + 1])) != runtimeArgs[i])
            {
                return false;
            }
        }
        return true;
    }

    private static List<string>? ReadStrings(string path)
    {
        if (ReadAll(path) is not { } content)
        {
            return null;
        }
        var strings = new List<string>();
        ReadOnlySpan<byte> rest = content.AsSpan();
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)0);
            if (end < 0)
            {
                end = rest.Length;
            }
            strings.Add(SurrogateEscape.Decode(rest[..end]));
            rest = rest[Math.Min(end + 1, rest.Length)..];
        }
        return strings;
    }

    // The whole file, or null when it cannot be read. open and read(2) directly: File.ReadAllBytes adds an
    // fstat, a flock and a FileStream for a file that is read once at start-up.
    private static ArraySegment<byte>? ReadAll(string path)
    {
        if (RawFile.OpenRead(path, out FileDescriptorHandle? handle) != 0)
        {
            return null;
        }
        using (handle)
        {
            var content = new byte[4096];
            int length = 0;
            while (true)
            {
                if (length == content.Length)
                {
                    Array.Resize(ref content, content.Length * 2);
                }
                int read = RawFile.Read(handle!, content.AsSpan(length));
                if (read < 0)
                {
                    return null;
                }
                if (read == 0)
                {
                    return new ArraySegment<byte>(content, 0, length);
                }
                length += read;
            }
        }
    }
}
