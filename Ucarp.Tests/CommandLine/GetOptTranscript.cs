using System.Globalization;
using System.Text;
using Ucarp.Cli.CommandLine;

namespace Ucarp.Tests.CommandLine;

// Our GetOptLong in getopt_reference.c's output format, so whole runs compare as one string.
internal static class GetOptTranscript
{
    internal const string OriginalShortOptions = "i:s:v:p:Pa:hb:k:x:nu:d:Dr:zf:Bo:SM";

    internal static IReadOnlyList<LongOption> OursLongOptions { get; } =
        [.. UcarpOptionTable.LongOptions.Where(o => o.ShortEquivalent <= byte.MaxValue)];

    internal static IReadOnlyList<LongOption> OriginalLongOptions { get; } =
        [.. OursLongOptions.Where(o => o.Name != "version")];

    internal static GetOptResult Parse(GetOptTable table, IReadOnlyList<string> argv) => table == GetOptTable.Original
        ? GetOptLong.Parse(argv[0], argv.Skip(1).ToArray(), OriginalShortOptions, OriginalLongOptions)
        : GetOptLong.Parse(argv[0], argv.Skip(1).ToArray(), UcarpOptionTable.ShortOptions, OursLongOptions);

    internal static string Of(GetOptTable table, IReadOnlyList<string> argv) => Format(Parse(table, argv));

    internal static string Format(GetOptResult result)
    {
        var text = new StringBuilder();
        foreach (GetOptEvent e in result.Events)
        {
            text.Append(CultureInfo.InvariantCulture, $"E {(int)e.Option} {e.LongIndex} {e.OptInd} {Str(e.Value)} {Str(e.Error)}\n");
        }

        foreach (string operand in result.Operands)
        {
            text.Append(CultureInfo.InvariantCulture, $"O {Str(operand)}\n");
        }

        return text.Append(".\n").ToString();
    }

    private static string Str(string? s) => s is null ? "-" : "x" + GlibcReference.Hex(s);
}
