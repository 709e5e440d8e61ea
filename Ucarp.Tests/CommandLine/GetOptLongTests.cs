using Ucarp.Cli.CommandLine;

namespace Ucarp.Tests.CommandLine;

// The behaviours ucarp relies on, spelled out (the equivalence tests prove the rest).
public sealed class GetOptLongTests
{
    private static GetOptResult Parse(params string[] args) =>
        GetOptLong.Parse("ucarp", args, UcarpOptionTable.ShortOptions, UcarpOptionTable.LongOptions);

    private static string? SingleError(params string[] args) => Assert.Single(Parse(args).Events).Error;

    [Theory]
    [InlineData("ucarp: unrecognized option '--bogus'", "--bogus")]
    [InlineData("ucarp: unrecognized option '--bogus=1'", "--bogus=1")]
    [InlineData("ucarp: invalid option -- 'q'", "-q")]
    [InlineData("ucarp: option requires an argument -- 'v'", "-v")]
    [InlineData("ucarp: option '--vhid' requires an argument", "--vhid")]
    [InlineData("ucarp: option '--vhid' requires an argument", "--vh")]
    [InlineData("ucarp: option '--preempt' doesn't allow an argument", "--preempt=x")]
    [InlineData("ucarp: option '--preempt' doesn't allow an argument", "--pre=x")]
    [InlineData("ucarp: option '--d=x' is ambiguous; possibilities: '--downscript' '--deadratio' '--debug' '--daemonize'", "--d=x")]
    public void Parse_BadOption_GnuErrorText(string expected, string arg) => Assert.Equal(expected, SingleError(arg));

    [Theory]
    [InlineData("--m=224.0.0.19", 'm')]
    [InlineData("--s=x", '?')]
    [InlineData("--me=/x", LongOnlyOption.MetricsFile)]
    [InlineData("--st=/x", LongOnlyOption.StatusFile)]
    [InlineData("--l=json", LongOnlyOption.LogFormat)]
    public void Parse_PrefixOfAnOriginalOption_KeepsItsMeaningBesideLongOnlyOptions(string arg, char option) =>
        Assert.Equal(option, Assert.Single(Parse(arg).Events).Option);

    [Fact]
    public void Parse_AmbiguousAmongOriginalOptions_ListsOnlyThose() =>
        Assert.Equal("ucarp: option '--s=x' is ambiguous; possibilities: '--srcip' '--shutdown'", SingleError("--s=x"));

    [Fact]
    public void Parse_ExactNameThatPrefixesAnother_WinsOverAmbiguity()
    {
        GetOptEvent e = Assert.Single(Parse("--pass=x").Events);
        Assert.Equal(('p', 4, "x"), (e.Option, e.LongIndex, e.Value));
    }

    [Fact]
    public void Parse_UniquePrefix_SelectsTheOption()
    {
        GetOptEvent e = Assert.Single(Parse("--inter=eth0").Events);
        Assert.Equal(('i', 0, "eth0"), (e.Option, e.LongIndex, e.Value));
    }

    [Fact]
    public void Parse_McastPrefix_IsMcastip()
    {
        GetOptEvent e = Assert.Single(Parse("--mcast=1.2.3.4").Events);
        Assert.Equal(('m', 2, "1.2.3.4"), (e.Option, e.LongIndex, e.Value));
    }

    [Fact]
    public void Parse_AfterAnError_KeepsGoing()
    {
        GetOptEvent[] events = [.. Parse("-q", "-P", "--bogus", "-n").Events];
        Assert.Equal(['?', 'P', '?', 'n'], events.Select(e => e.Option));
    }

    [Fact]
    public void Parse_BundleEndingInValueOption_TakesNextArgument()
    {
        GetOptResult result = Parse("-zPv", "7");
        Assert.Equal([('z', null), ('P', null), ('v', "7")], result.Events.Select(e => (e.Option, e.Value)));
        Assert.Empty(result.Operands);
    }

    [Fact]
    public void Parse_ValueOptionBeforeDoubleDash_TakesTheDoubleDashAsValue()
    {
        GetOptResult result = Parse("-p", "--", "-z");
        Assert.Equal([('p', "--"), ('z', null)], result.Events.Select(e => (e.Option, e.Value)));
    }

    [Fact]
    public void Parse_OperandsAnywhere_AreCollectedInOrder()
    {
        GetOptResult result = Parse("a", "-P", "\\", "-v", "7", "b", "--", "-z", "c");
        Assert.Equal(['P', 'v'], result.Events.Select(e => e.Option));
        Assert.Equal(["a", "\\", "b", "-z", "c"], result.Operands);
    }

    [Fact]
    public void Parse_DashAlone_IsAnOperand()
    {
        GetOptResult result = Parse("-", "-P");
        Assert.Equal(["-"], result.Operands);
    }

    [Fact]
    public void Parse_EmptyLongValue_IsEmptyString() =>
        Assert.Equal("", Assert.Single(Parse("--vhid=").Events).Value);

    [Fact]
    public void Parse_OptionalArguments_OnlyAttachedOrAfterEquals()
    {
        LongOption[] table = [new("color", OptionArgument.Optional, 'c')];
        GetOptResult result = GetOptLong.Parse("t", ["-c", "x", "-cy", "--color", "z", "--color=w"], "c::", table);
        Assert.Equal([null, "y", null, "w"], result.Events.Select(e => e.Value));
        Assert.Equal(["x", "z"], result.Operands);
    }
}
