namespace Ucarp.Tests;

public class SmokeTests
{
    [Fact]
    public void Nothing() => Assert.Equal(2, 1 + 1);
}
