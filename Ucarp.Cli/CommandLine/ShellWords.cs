using System.Text;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// Splits text into commands and words by POSIX sh quoting (XCU 2.2, 2.3), without running any of
/// it: blanks separate words, a newline ends a command, a backslash-newline continues it,
/// <c>#</c> at the start of a word comments out the rest of the line, a backslash quotes the next
/// character, single quotes keep everything literally, and double quotes keep everything but
/// the escapes <c>\" \\ \$ \`</c>. A line then means what it would typed into sh, or it is an
/// error: <c>$</c> and <c>`</c> (which sh would expand) and the operators <c>; &amp; | &lt; &gt; ( )</c>
/// must be quoted, and a quote must close on its own line. Globs and <c>~</c> stay literal.
/// </summary>
internal static class ShellWords
{
    /// <summary>Characters that would make sh do something other than pass a word along.</summary>
    private const string Expansions = "$`";
    private const string Operators = ";&|<>()";

    public static List<ShellLine> Split(string text)
    {
        var reader = new Reader(text);
        var commands = new List<ShellLine>();
        while (reader.NextCommand() is { } command)
        {
            commands.Add(command);
            if (command.Error is not null)
            {
                break;
            }
        }
        return commands;
    }

    private sealed class Reader(string text)
    {
        private readonly StringBuilder _word = new();
        private int _at;
        private int _line = 1;

        // The next command with at least one word, the first error, or null at the end of the text.
        public ShellLine? NextCommand()
        {
            var words = new List<string>();
            int start = _line;
            bool inWord = false;
            while (_at < text.Length)
            {
                char c = text[_at++];
                switch (c)
                {
                    case '\n':
                        EndWord(words, ref inWord);
                        _line++;
                        if (words.Count > 0)
                        {
                            return new ShellLine(start, words);
                        }
                        start = _line;
                        break;
                    case ' ' or '\t' or '\r':   // '\r': a file saved with CRLF line ends reads the same
                        EndWord(words, ref inWord);
                        break;
                    case '#' when !inWord:
                        while (_at < text.Length && text[_at] != '\n')
                        {
                            _at++;
                        }
                        break;
                    case '\\':
                        inWord |= Escape();
                        break;
                    case '\'':
                        inWord = true;
                        if (SingleQuoted() is { } single)
                        {
                            return new ShellLine(_line, [], single);
                        }
                        break;
                    case '"':
                        inWord = true;
                        if (DoubleQuoted() is { } dbl)
                        {
                            return new ShellLine(_line, [], dbl);
                        }
                        break;
                    default:
                        if (Special(c) is { } special)
                        {
                            return new ShellLine(_line, [], special);
                        }
                        _word.Append(c);
                        inWord = true;
                        break;
                }
            }
            EndWord(words, ref inWord);
            return words.Count > 0 ? new ShellLine(start, words) : null;
        }

        private void EndWord(List<string> words, ref bool inWord)
        {
            if (inWord)
            {
                words.Add(_word.ToString());
                _word.Clear();
                inWord = false;
            }
        }

        // After an unquoted backslash: a newline joins the next line, any other character is
        // taken literally, and a backslash ending the text stays itself. True when a character was added.
        private bool Escape()
        {
            if (_at == text.Length)
            {
                _word.Append('\\');
                return true;
            }
            char next = text[_at++];
            if (next == '\n')
            {
                _line++;
                return false;
            }
            _word.Append(next);
            return true;
        }

        private string? SingleQuoted()
        {
            int close = text.IndexOf('\'', _at);
            int newline = text.IndexOf('\n', _at);
            if (close < 0 || (newline >= 0 && newline < close))
            {
                return "unterminated single quote (a quote must close on its own line)";
            }
            _word.Append(text, _at, close - _at);
            _at = close + 1;
            return null;
        }

        private string? DoubleQuoted()
        {
            while (_at < text.Length)
            {
                char c = text[_at++];
                switch (c)
                {
                    case '"':
                        return null;
                    case '\n':
                        return "unterminated double quote (a quote must close on its own line)";
                    case '\\' when _at < text.Length && text[_at] is '"' or '\\' or '$' or '`':
                        _word.Append(text[_at++]);
                        break;
                    case '\\' when _at < text.Length && text[_at] == '\n':
                        _at++;
                        _line++;
                        break;
                    case '$' or '`':
                        return Special(c);
                    default:
                        _word.Append(c);
                        break;
                }
            }
            return "unterminated double quote (a quote must close on its own line)";
        }

        private static string? Special(char c) =>
            Expansions.Contains(c, StringComparison.Ordinal)
                ? $"'{c}' would be expanded by a shell but is not here: quote it ('{c}' or \\{c})"
                : Operators.Contains(c, StringComparison.Ordinal)
                    ? $"'{c}' is a shell operator, which has no meaning here: quote it ('{c}' or \\{c})"
                    : null;
    }
}
