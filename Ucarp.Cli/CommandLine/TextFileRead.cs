namespace Ucarp.Cli.CommandLine;

// A whole text file (bytes that are not UTF-8 kept as SurrogateEscape does for argv), or why it
// could not be read, as strerror() text.
internal readonly record struct TextFileRead(string? Text, string ErrorText)
{
    internal static TextFileRead Ok(string text) => new(text, "");

    internal static TextFileRead Failed(string errorText) => new(null, errorText);
}
