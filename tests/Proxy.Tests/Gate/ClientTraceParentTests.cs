using System.Diagnostics;
using Microsoft.Extensions.Primitives;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Tests.Gate;

public sealed class ClientTraceParentTests
{
    public static TheoryData<string, string?[]> Refused => new()
    {
        { "none", [] },
        { "two headers", ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"] },
        { "null", [null] },
        { "uppercase", ["00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"] },
        { "version 01", ["01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"] },
        { "zero trace id", ["00-00000000000000000000000000000000-00f067aa0ba902b7-01"] },
        { "zero parent id", ["00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"] },
        { "flags not hex", ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x"] },
        { "long", ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-"] },
        { "short", ["00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"] },
        { "separator moved", ["00-4bf92f3577b34da6a3ce929d0e0e47360-0f067aa0ba902b7-01"] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryParse_Malformed_False(string label, string?[] values)
    {
        Assert.False(ClientTraceParent.TryParse(new StringValues(values), out var parsed), label);
        Assert.Equal(default, parsed);
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", true)]
    public void TryParse_WellFormed_TraceIdAndSampled(string value, bool sampled)
    {
        Assert.True(ClientTraceParent.TryParse(new StringValues(value), out var parsed));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", parsed.TraceId);
        Assert.Equal(sampled, parsed.Sampled);
    }

    [Fact]
    public void ContinuedBy_ViewersTraceGatewaysSpan_OnlyTheSampledFlag()
    {
        Assert.True(ClientTraceParent.TryParse(new StringValues("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"), out var parsed));
        var span = ActivitySpanId.CreateFromString("b7ad6b7169203331");

        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01", parsed.ContinuedBy(span));
    }
}
