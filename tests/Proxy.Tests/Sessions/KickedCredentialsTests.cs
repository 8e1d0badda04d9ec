using Microsoft.Extensions.Time.Testing;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Sessions;

public sealed class KickedCredentialsTests
{
    [Fact]
    public void Bar_UntilTheCredentialExpires_ThenForgotten()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var kicked = new KickedCredentials(time);

        kicked.Bar("kid:k1 jti:abc", time.GetUtcNow().AddMinutes(10));

        Assert.True(kicked.IsBarred("kid:k1 jti:abc"));
        Assert.False(kicked.IsBarred("kid:k1 jti:other"));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(kicked.IsBarred("kid:k1 jti:abc"));
        kicked.Bar("kid:k1 jti:next", null);
        Assert.Equal(1, kicked.Count);
    }

    [Fact]
    public void Bar_WithoutExpiry_ADay_AndNoIdNothing()
    {
        var time = new FakeTimeProvider();
        var kicked = new KickedCredentials(time);

        kicked.Bar("sig:1234", null);
        kicked.Bar(null, null);
        kicked.Bar(string.Empty, null);

        Assert.Equal(1, kicked.Count);
        Assert.False(kicked.IsBarred(null));
        time.Advance(TimeSpan.FromHours(23));
        Assert.True(kicked.IsBarred("sig:1234"));
        time.Advance(TimeSpan.FromHours(1));
        Assert.False(kicked.IsBarred("sig:1234"));
    }
}
