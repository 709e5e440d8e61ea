using System.Text;

namespace Ucarp.Cli.CommandLine;

/// <summary>
/// GNU getopt_long as glibc 2.36 behaves with the default PERMUTE ordering (no POSIXLY_CORRECT,
/// no leading '+', '-' or ':' in the short string, no "W;"), reproducing its error texts and its
/// permutation of argv so optind and the operands come out exactly as glibc's. The tests hold it
/// against glibc itself. Characters are UTF-16 code units: glibc works on bytes, so the only
/// difference is the text of an error about a non-ASCII option letter.
/// </summary>
internal sealed class GetOptLong
{
    private readonly string[] _argv;          // argv[0] is the program name; permuted like glibc's
    private readonly string _shortOptions;
    private readonly IReadOnlyList<LongOption> _longOptions;
    private int _optind = 1;
    private string? _nextArg;                 // the element whose short options are being scanned
    private int _nextChar;                    // glibc's __nextchar, as an index into _nextArg
    private int _firstNonOption = 1;          // the block of skipped operands is
    private int _lastNonOption = 1;           // argv[_firstNonOption.._lastNonOption)

    private GetOptLong(string programName, IReadOnlyList<string> args, string shortOptions, IReadOnlyList<LongOption> longOptions)
    {
        _argv = [programName, .. args];
        _shortOptions = shortOptions;
        _longOptions = longOptions;
    }

    private int Argc => _argv.Length;

    private string ProgramName => _argv[0];

    public static GetOptResult Parse(string programName, IReadOnlyList<string> args, string shortOptions, IReadOnlyList<LongOption> longOptions)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(longOptions);
        if (shortOptions.Length > 0 && shortOptions[0] is '+' or '-' or ':')
        {
            throw new ArgumentException("Ordering and silent-error prefixes are not supported.", nameof(shortOptions));
        }

        var parser = new GetOptLong(programName, args, shortOptions, longOptions);
        var events = new List<GetOptEvent>();
        while (parser.Next() is { } e)
        {
            events.Add(e);
        }

        return new GetOptResult(events, parser._argv.AsSpan(parser._optind).ToArray());
    }

    /// <summary>One getopt_long call; null is its -1.</summary>
    private GetOptEvent? Next()
    {
        if (_nextArg is null || _nextChar == _nextArg.Length)
        {
            if (!AdvanceToNextOption())
            {
                return null;
            }

            string arg = _argv[_optind];
            if (arg[1] == '-')
            {
                return LongOptionEvent(arg[2..]);
            }

            _nextArg = arg;
            _nextChar = 1;
        }

        return ShortOptionEvent();
    }

    /// <summary>Skips operands (remembering them for permutation) and handles "--"; false at the end.</summary>
    private bool AdvanceToNextOption()
    {
        _lastNonOption = Math.Min(_lastNonOption, _optind);
        _firstNonOption = Math.Min(_firstNonOption, _optind);

        if (_firstNonOption != _lastNonOption && _lastNonOption != _optind)
        {
            Exchange();
        }
        else if (_lastNonOption != _optind)
        {
            _firstNonOption = _optind;
        }

        while (_optind < Argc && IsOperand(_argv[_optind]))
        {
            _optind++;
        }

        _lastNonOption = _optind;

        if (_optind != Argc && _argv[_optind] == "--")
        {
            _optind++;
            if (_firstNonOption != _lastNonOption && _lastNonOption != _optind)
            {
                Exchange();
            }
            else if (_firstNonOption == _lastNonOption)
            {
                _firstNonOption = _optind;
            }

            _lastNonOption = Argc;
            _optind = Argc;
        }

        if (_optind == Argc)
        {
            // Point optind at the operands that were moved to the end.
            if (_firstNonOption != _lastNonOption)
            {
                _optind = _firstNonOption;
            }

            return false;
        }

        // With PERMUTE every operand was skipped above, so argv[optind] is an option here.
        return true;
    }

    private static bool IsOperand(string arg) => arg.Length < 2 || arg[0] != '-';

    /// <summary>Moves the skipped operands [first, last) after the options just processed [last, optind).</summary>
    private void Exchange()
    {
        string[] operands = _argv.AsSpan(_firstNonOption.._lastNonOption).ToArray();
        string[] options = _argv.AsSpan(_lastNonOption.._optind).ToArray();
        options.CopyTo(_argv, _firstNonOption);
        operands.CopyTo(_argv, _firstNonOption + options.Length);
        _firstNonOption += _optind - _lastNonOption;
        _lastNonOption = _optind;
    }

    private GetOptEvent ShortOptionEvent()
    {
        string arg = _nextArg!;
        char c = arg[_nextChar++];
        if (_nextChar == arg.Length)
        {
            _optind++;   // glibc moves past the element when it starts its last character
        }

        int at = _shortOptions.IndexOf(c, StringComparison.Ordinal);
        if (at < 0 || c is ':' or ';')
        {
            return Error($"invalid option -- '{c}'");
        }

        string? value = null;
        if (At(at + 1) == ':')
        {
            bool hasAttached = _nextChar < arg.Length;
            if (At(at + 2) == ':')
            {
                // Optional argument: only an attached one counts.
                if (hasAttached)
                {
                    value = arg[_nextChar..];
                    _optind++;
                }
            }
            else if (hasAttached)
            {
                value = arg[_nextChar..];
                _optind++;
            }
            else if (_optind == Argc)
            {
                _nextArg = null;
                return Error($"option requires an argument -- '{c}'");
            }
            else
            {
                value = _argv[_optind++];
            }

            _nextArg = null;
        }

        return new GetOptEvent(c, -1, value, null, _optind);
    }

    private char At(int index) => index < _shortOptions.Length ? _shortOptions[index] : '\0';

    /// <summary>text is what follows "--", including any "=value".</summary>
    private GetOptEvent LongOptionEvent(string text)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? text : text[..equals];
        _nextArg = null;

        int found = FindExact(name);
        if (found < 0)
        {
            found = FindPrefix(name, out List<int>? ambiguous);
            if (ambiguous is not null)
            {
                _optind++;
                var possibilities = new StringBuilder();
                foreach (int i in ambiguous)
                {
                    possibilities.Append(" '--").Append(_longOptions[i].Name).Append('\'');
                }
                return Error($"option '--{text}' is ambiguous; possibilities:{possibilities}");
            }
        }

        _optind++;
        if (found < 0)
        {
            return Error($"unrecognized option '--{text}'");
        }

        LongOption option = _longOptions[found];
        string? value = null;
        if (equals >= 0)
        {
            if (option.Argument == OptionArgument.None)
            {
                return Error($"option '--{option.Name}' doesn't allow an argument");
            }

            value = text[(equals + 1)..];
        }
        else if (option.Argument == OptionArgument.Required)
        {
            if (_optind == Argc)
            {
                return Error($"option '--{option.Name}' requires an argument");
            }

            value = _argv[_optind++];
        }

        return new GetOptEvent(option.ShortEquivalent, found, value, null, _optind);
    }

    private int FindExact(string name)
    {
        for (int i = 0; i < _longOptions.Count; i++)
        {
            if (_longOptions[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Long-only options (vals above 255) never take an abbreviation from the table's classic rows:
    /// a prefix that fits one of those keeps the meaning it has in ucarp 1.5.2 (--m stays --mcast
    /// beside --metrics-file), and long-only options answer only to prefixes no classic row has.
    /// Without long-only rows this is exactly glibc's rule.
    /// </summary>
    private int FindPrefix(string name, out List<int>? ambiguous)
    {
        int found = FindPrefix(name, longOnly: false, out ambiguous);
        return found >= 0 ? found : FindPrefix(name, longOnly: true, out ambiguous);
    }

    /// <summary>
    /// The first option the name abbreviates; later ones that differ from it (argument or value)
    /// make it ambiguous, and glibc then lists the first and every differing one, in table order.
    /// </summary>
    private int FindPrefix(string name, bool longOnly, out List<int>? ambiguous)
    {
        ambiguous = null;
        int found = -1;
        for (int i = 0; i < _longOptions.Count; i++)
        {
            if (_longOptions[i].ShortEquivalent > byte.MaxValue != longOnly
                || !_longOptions[i].Name.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            if (found < 0)
            {
                found = i;
            }
            else if (_longOptions[i].Argument != _longOptions[found].Argument
                     || _longOptions[i].ShortEquivalent != _longOptions[found].ShortEquivalent)
            {
                ambiguous ??= [found];
                ambiguous.Add(i);
            }
        }

        return found;
    }

    private GetOptEvent Error(string message) => new('?', -1, null, $"{ProgramName}: {message}", _optind);
}
