namespace Ucarp.Cli.Linux;

/// <summary>&lt;poll.h&gt; event bits, as ppoll reads and writes them.</summary>
[Flags]
internal enum PollEvents : short
{
    None = 0,
    In = 0x001,
    Pri = 0x002,
    Out = 0x004,
    Error = 0x008,
    HangUp = 0x010,
    Invalid = 0x020,
}
