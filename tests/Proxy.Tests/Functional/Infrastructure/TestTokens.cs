using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Tokens;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>JWT links signed with a running gateway's own key ring, as the <c>sign</c> verb makes them.</summary>
internal static class TestTokens
{
    public static string Issue(GatewayUnderTest gateway, string subject, string[] cameras, string[]? cidrs = null, string? linkId = null)
    {
        var store = (PolicyStore)gateway.Services.GetService(typeof(PolicyStore))!;
        var request = new TokenIssueRequest(subject, cameras, TimeSpan.FromMinutes(5)) { Issuer = GatewayUnderTest.Issuer, Cidrs = cidrs ?? [], LinkId = linkId };
        Assert.True(new TokenLinkIssuer(TimeProvider.System).TryIssue(store.Current.Tokens, GatewayUnderTest.JwtKeyId, request, out var token, out var error), error);
        return token!;
    }
}
