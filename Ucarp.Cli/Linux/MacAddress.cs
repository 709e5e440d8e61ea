using System.Buffers.Binary;

namespace Ucarp.Cli.Linux;

// A 48-bit Ethernet address held by value, so NetDevice stays a comparable record without an array.
internal readonly record struct MacAddress
{
    internal const int Size = 6;

    private readonly ulong _value;   // the six bytes in wire order, first byte most significant

    private MacAddress(ulong value) => _value = value;

    internal static MacAddress Read(ReadOnlySpan<byte> bytes)
    {
        Span<byte> wide = stackalloc byte[8];
        wide.Clear();
        bytes[..Size].CopyTo(wide[2..]);
        return new MacAddress(BinaryPrimitives.ReadUInt64BigEndian(wide));
    }

    internal void CopyTo(Span<byte> destination)
    {
        Span<byte> wide = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(wide, _value);
        wide[2..].CopyTo(destination[..Size]);
    }

    // ucarp fillmac.c logs the address as %02x:%02x:...
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return string.Create(null, stackalloc char[17], $"{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}:{bytes[4]:x2}:{bytes[5]:x2}");
    }
}
