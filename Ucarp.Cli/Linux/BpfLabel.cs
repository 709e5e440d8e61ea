namespace Ucarp.Cli.Linux;

/// <summary>A place in a <see cref="BpfAssembler"/> program that jumps name before it is marked.</summary>
internal readonly record struct BpfLabel(int Id);
