namespace Ucarp.Cli.CommandLine;

/// <summary>
/// A whole text file (bytes that are not UTF-8 kept as SurrogateEscape does for argv), or why it
/// could not be read, as strerror() text.
/// </summary>
internal readonly record struct TextFileRead(string? Text, string ErrorText)
{
    public static TextFileRead Ok(string text) => new(text, "");

    public static TextFileRead Failed(string errorText) => new(null, errorText);
}
