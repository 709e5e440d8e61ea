namespace Ucarp.Cli;

internal static class Program
{
    internal static int Main(string[] args)
    {
        Console.WriteLine("ucarp " + args.Length);
        return 0;
    }
}
