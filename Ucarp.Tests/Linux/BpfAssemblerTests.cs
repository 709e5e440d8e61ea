using Ucarp.Cli.Linux;
using static Ucarp.Cli.Interop.Libc;

namespace Ucarp.Tests.Linux;

public class BpfAssemblerTests
{
    [Fact]
    public void ToProgram_JumpTo255Ahead_Resolves()
    {
        sock_filter jump = JumpOver(255).ToProgram()[0];
        Assert.Equal((0, 255), (jump.jt, jump.jf));
    }

    [Fact]
    public void ToProgram_JumpBeyond255_Throws() =>
        Assert.Throws<InvalidOperationException>(JumpOver(256).ToProgram);

    [Fact]
    public void ToProgram_UnmarkedLabel_Throws()
    {
        var program = new BpfAssembler();
        BpfLabel nowhere = program.NewLabel(), next = program.NewLabel();
        program.Jump(BPF_JEQ, 0, next, nowhere);
        program.Mark(next);
        program.Emit(BPF_RET | BPF_K, 0);
        Assert.Throws<InvalidOperationException>(program.ToProgram);
    }

    [Fact]
    public void ToProgram_LabelPastTheLastInstruction_Throws()
    {
        var program = new BpfAssembler();
        BpfLabel end = program.NewLabel();
        program.Jump(BPF_JEQ, 0, end, end);
        program.Mark(end);
        Assert.Throws<InvalidOperationException>(program.ToProgram);
    }

    /// <summary>A jump that falls through when true and skips <paramref name="distance"/> returns when false.</summary>
    private static BpfAssembler JumpOver(int distance)
    {
        var program = new BpfAssembler();
        BpfLabel far = program.NewLabel(), near = program.NewLabel();
        program.Jump(BPF_JEQ, 0, near, far);
        program.Mark(near);
        for (int i = 0; i < distance; i++)
        {
            program.Emit(BPF_RET | BPF_K, 0);
        }
        program.Mark(far);
        program.Emit(BPF_RET | BPF_K, 1);
        return program;
    }
}
