using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Cli.Linux;

/// <summary>
/// Classic BPF with named jump targets: jumps are emitted before their targets exist and their
/// offsets are resolved once, by <see cref="ToProgram"/>, which refuses any that does not fit
/// cBPF's 8-bit jt/jf (filter.h: a conditional jump reaches at most 255 instructions ahead).
/// </summary>
internal sealed class BpfAssembler
{
    private readonly List<sock_filter> _instructions = [];
    private readonly List<(int At, BpfLabel IfTrue, BpfLabel IfFalse)> _jumps = [];
    private readonly List<int> _marks = [];

    public BpfLabel NewLabel()
    {
        _marks.Add(-1);
        return new BpfLabel(_marks.Count - 1);
    }

    /// <summary>The next instruction emitted is where <paramref name="label"/> jumps.</summary>
    public void Mark(BpfLabel label)
    {
        if (_marks[label.Id] >= 0)
        {
            throw new InvalidOperationException($"BPF label {label.Id} is marked twice");
        }
        _marks[label.Id] = _instructions.Count;
    }

    public void Emit(ushort code, uint k) => _instructions.Add(new sock_filter { code = code, k = k });

    /// <summary>A conditional jump with immediate operand: <paramref name="op"/> is BPF_JEQ, BPF_JGT or BPF_JGE.</summary>
    public void Jump(ushort op, uint k, BpfLabel ifTrue, BpfLabel ifFalse)
    {
        _jumps.Add((_instructions.Count, ifTrue, ifFalse));
        Emit((ushort)(BPF_JMP | op | BPF_K), k);
    }

    public sock_filter[] ToProgram()
    {
        sock_filter[] program = [.. _instructions];
        foreach ((int at, BpfLabel ifTrue, BpfLabel ifFalse) in _jumps)
        {
            program[at].jt = Offset(at, ifTrue);
            program[at].jf = Offset(at, ifFalse);
        }
        return program;
    }

    /// <summary>Jumps are relative to the next instruction and only go forward.</summary>
    private byte Offset(int at, BpfLabel label)
    {
        int target = _marks[label.Id];
        int offset = target - at - 1;
        return target >= 0 && target < _instructions.Count && offset is >= 0 and <= byte.MaxValue
            ? (byte)offset
            : throw new InvalidOperationException($"BPF jump at {at} to label {label.Id} (instruction {target}) does not fit jt/jf");
    }
}
