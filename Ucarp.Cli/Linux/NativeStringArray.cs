using System.Runtime.InteropServices;

namespace Ucarp.Cli.Linux;

/// <summary>
/// A NULL-terminated char*[] of strings (argv, envp) in one native block, freed on Dispose. Strings are
/// written with SurrogateEscape, so bytes that came in as non-UTF-8 go out unchanged.
/// </summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private void* _block;

    public NativeStringArray(IReadOnlyList<string> strings)
    {
        nuint pointersSize = (nuint)(strings.Count + 1) * (nuint)sizeof(byte*);
        nuint total = pointersSize;
        foreach (string s in strings)
        {
            total += (nuint)SurrogateEscape.GetByteCount(s) + 1;
        }
        _block = NativeMemory.Alloc(total);
        byte** pointers = (byte**)_block;
        byte* next = (byte*)_block + pointersSize;
        for (int i = 0; i < strings.Count; i++)
        {
            int length = SurrogateEscape.GetByteCount(strings[i]);
            _ = SurrogateEscape.Encode(strings[i], new Span<byte>(next, length));
            next[length] = 0;
            pointers[i] = next;
            next += length + 1;
        }
        pointers[strings.Count] = null;
    }

    public byte** Pointer => (byte**)_block;

    public void Dispose()
    {
        NativeMemory.Free(_block);
        _block = null;
    }
}
