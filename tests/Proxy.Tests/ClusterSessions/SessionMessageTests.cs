using System.Net;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.ClusterSessions;

namespace SecureStream.Proxy.Tests.ClusterSessions;

/// <summary>The session messages between nodes: exact wire forms, and strict refusal of anything else.</summary>
public sealed class SessionMessageTests
{
    [Fact]
    public void Ended_WireForm_AndRoundTrip()
    {
        var message = SessionMessage.Ended("AbC-_09xyzAbC-_09xyzAb", SessionEndReason.HangUp, 123456);

        Assert.Equal("1 end AbC-_09xyzAbC-_09xyzAb hang_up 123456", message.Encode());
        Assert.True(SessionMessage.TryParse(message.Encode(), out var parsed));
        Assert.Equal(message, parsed);
    }

    [Fact]
    public void EndRequest_WireForm_AndRoundTrip()
    {
        var message = SessionMessage.EndRequest("s1", SessionEndReason.OriginLost);

        Assert.Equal("1 req s1 origin_lost", message.Encode());
        Assert.True(SessionMessage.TryParse(message.Encode(), out var parsed));
        Assert.Equal(SessionMessageKind.EndRequest, parsed!.Kind);
        Assert.Equal(SessionEndReason.OriginLost, parsed.Reason);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData(null)]
    public void Kick_WireForm_AndRoundTrip(string? admin)
    {
        var message = SessionMessage.Kick("s1", "alice@site", admin is null ? null : IPAddress.Parse(admin), "front-b");

        Assert.Equal("1 kick s1 " + (admin ?? "-") + " front-b alice@site", message.Encode());
        Assert.True(SessionMessage.TryParse(message.Encode(), out var parsed));
        Assert.Equal(SessionMessageKind.Kick, parsed!.Kind);
        Assert.Equal(SessionEndReason.Kicked, parsed.Reason);
        Assert.Equal(admin, parsed.Admin?.ToString());
        Assert.Equal("front-b", parsed.ViaNode);
        Assert.Equal("alice@site", parsed.Administrator);
    }

    [Fact]
    public void EveryReasonCode_RoundTrips()
    {
        foreach (var reason in Enum.GetValues<SessionEndReason>())
        {
            Assert.True(SessionMessage.TryParse(SessionMessage.Ended("s1", reason, 0).Encode(), out var parsed));
            Assert.Equal(reason, parsed!.Reason);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("2 end s1 hang_up 5")]
    [InlineData("1 end s1 hang_up")]
    [InlineData("1 end s1 hang_up 5 extra")]
    [InlineData("1 end s1 hung_up 5")]
    [InlineData("1 end s1 HANG_UP 5")]
    [InlineData("1 end s1 hang_up -5")]
    [InlineData("1 end s1 hang_up +5")]
    [InlineData("1 end s1 hang_up 5.0")]
    [InlineData("1 end s1 hang_up 99999999999999999999")]
    [InlineData("1 end s/1 hang_up 5")]
    [InlineData("1 end s1\n hang_up 5")]
    [InlineData("1  end s1 hang_up 5")]
    [InlineData("1 end  hang_up 5")]
    [InlineData("1 req s1")]
    [InlineData("1 req s1 nope")]
    [InlineData("1 kick s1")]
    [InlineData("1 kick s1 127.0.0.1")]
    [InlineData("1 kick s1 not-an-address front-b alice")]
    [InlineData("1 kick s1 999.1.1.1 front-b alice")]
    [InlineData("1 kick s1 127.0.0.1 Front-B alice")]
    [InlineData("1 kick s1 127.0.0.1 front/b alice")]
    [InlineData("1 kick s1 127.0.0.1 front-b")]
    [InlineData("1 kick s1 127.0.0.1 front-b alice/bob")]
    [InlineData("1 kick s1 127.0.0.1 front-b alice bob")]
    [InlineData("1 stop s1 hang_up")]
    [InlineData("{\"end\":\"s1\"}")]
    public void Malformed_Refused(string text)
    {
        Assert.False(SessionMessage.TryParse(text, out var message));
        Assert.Null(message);
    }

    [Fact]
    public void SessionIdTooLong_OrMessageTooLong_Refused()
    {
        Assert.False(SessionMessage.TryParse("1 req " + new string('a', SessionMessage.MaxSessionIdLength + 1) + " kicked", out _));
        Assert.True(SessionMessage.TryParse("1 req " + new string('a', SessionMessage.MaxSessionIdLength) + " kicked", out _));
        Assert.False(SessionMessage.TryParse("1 req s1 kicked" + new string(' ', SessionMessage.MaxLength), out _));
    }
}
