using System.Net;
using SecureStream.Policy.Access;
using SecureStream.Proxy.Listeners;

namespace SecureStream.Proxy.Tests.Listeners;

public sealed class ConnectionSourceTests
{
    public static TheoryData<string, string, string, bool> Pairs => new()
    {
        { "same IPv4 address", "192.0.2.7", "192.0.2.7", true },
        { "neighbouring IPv4 addresses", "192.0.2.7", "192.0.2.8", false },
        { "IPv4-mapped and plain IPv4", "::ffff:192.0.2.7", "192.0.2.7", true },
        { "two addresses in one IPv6 /64", "2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true },
        { "neighbouring IPv6 /64s", "2001:db8:1:2::1", "2001:db8:1:3::1", false },
        { "0.0.0.0 and the IPv6 prefix 0:0:0:1::/64", "0.0.0.0", "0:0:0:1::", false },
        { "0.0.0.0 and ::", "0.0.0.0", "::", false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void KeyOf_Pair_SameSourceOnlyWhenOneSubscriber(string name, string first, string second, bool same)
    {
        Assert.NotEmpty(name);

        Assert.Equal(same, SourceAddress.KeyOf(IPAddress.Parse(first)) == SourceAddress.KeyOf(IPAddress.Parse(second)));
    }
}
