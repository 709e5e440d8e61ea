using System.Runtime.InteropServices;
using System.Text;

namespace Ucarp.Cli.Linux;

// A NULL-terminated char*[] of UTF-8 strings (argv, envp) in one native block, freed on Dispose.
internal sealed unsafe class NativeStringArray : IDisposable
{
    private void* _block;

    internal NativeStringArray(IReadOnlyList<string> strings)
    {
        nuint pointersSize = (nuint)(strings.Count + 1) * (nuint)sizeof(byte*);
        nuint total = pointersSize;
        foreach (string s in strings)
        {
            total += (nuint)Encoding.UTF8.GetByteCount(s) + 1;
        }
        _block = NativeMemory.Alloc(total);
        byte** pointers = (byte**)_block;
        byte* next = (byte*)_block + pointersSize;
        for (int i = 0; i < strings.Count; i++)
        {
            int length = Encoding.UTF8.GetByteCount(strings[i]);
            _ = Encoding.UTF8.GetBytes(strings[i], new Span<byte>(next, length));
            next[length] = 0;
            pointers[i] = next;
            next += length + 1;
        }
        pointers[strings.Count] = null;
    }

    internal byte** Pointer => (byte**)_block;

    public void Dispose()
    {
        NativeMemory.Free(_block);
        _block = null;
    }
}
