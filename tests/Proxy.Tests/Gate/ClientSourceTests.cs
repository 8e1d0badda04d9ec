using System.Net;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Tests.Gate;

public sealed class ClientSourceTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Of_Address_IsItsSource(string address, string expected) =>
        Assert.Equal(expected, ClientSource.Of(IPAddress.Parse(address)).ToString());

    [Fact]
    public void Of_TwoAddressesInOneIpv6Slash64_AreOneSource() =>
        Assert.Equal(ClientSource.Of(IPAddress.Parse("2001:db8::1")), ClientSource.Of(IPAddress.Parse("2001:db8::ffff:1")));

    [Fact]
    public void Of_NeighbouringIpv4Addresses_AreTwoSources() =>
        Assert.NotEqual(ClientSource.Of(IPAddress.Parse("192.0.2.1")), ClientSource.Of(IPAddress.Parse("192.0.2.2")));
}
