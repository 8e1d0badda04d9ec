using System.Security.Cryptography;
using System.Text;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Correctly signed links whose policy JSON is hostile or wrong (docs/links.md): the signature
/// is valid, so only the policy check stands between the link and the camera.
/// </summary>
public sealed class GatePolicyJsonTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private GatewayUnderTest Gateway => shared.Gateway;

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Signs an arbitrary policy document exactly as OME would (HMAC-SHA1 over the rebuilt URL).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "OME's signed links are HMAC-SHA1 by definition (docs/links.md).")]
    private string SignRaw(string policyJson, string camera = "app/cam1")
    {
        var unsigned = $"http://127.0.0.1:{Gateway.HttpPort}/{camera}/whep?policy={GateProbe.B64(policyJson)}";
        var signature = GateProbe.B64(HMACSHA1.HashData(Gateway.LinkSecret.Span.ToArray(), Encoding.ASCII.GetBytes(unsigned)));
        return unsigned + "&signature=" + signature;
    }

    /// <summary>(name, policy JSON from "now" in ms, status, reason).</summary>
    public static TheoryData<string, Func<long, string>, int, string> HostilePolicies => new()
    {
        { "malformed JSON", now => "{\"url_expire\":" + (now + 60000) + ",\"sub\":\"alice\"", 401, "policy_malformed" },
        { "not an object", _ => "[1,2,3]", 401, "policy_malformed" },
        { "duplicate keys", now => $"{{\"url_expire\":{now + 60000},\"url_expire\":{now + 9999999},\"sub\":\"alice\"}}", 401, "policy_malformed" },
        { "duplicate sub", now => $"{{\"url_expire\":{now + 60000},\"sub\":\"bob\",\"sub\":\"alice\"}}", 401, "policy_malformed" },
        { "string for integer", now => $"{{\"url_expire\":\"{now + 60000}\",\"sub\":\"alice\"}}", 401, "policy_malformed" },
        { "float for integer", now => $"{{\"url_expire\":{now + 60000}.5,\"sub\":\"alice\"}}", 401, "policy_malformed" },
        { "negative time", _ => "{\"url_expire\":-1,\"sub\":\"alice\"}", 401, "policy_malformed" },
        { "url_expire missing", _ => "{\"sub\":\"alice\"}", 401, "policy_malformed" },
        { "seconds instead of milliseconds", now => $"{{\"url_expire\":{(now / 1000) + 300},\"sub\":\"alice\"}}", 401, "policy_malformed" },
        { "expired", now => $"{{\"url_expire\":{now - 60000},\"sub\":\"alice\"}}", 401, "link_expired" },
        { "not yet active", now => $"{{\"url_expire\":{now + 7200000},\"url_activate\":{now + 3600000},\"sub\":\"alice\"}}", 401, "link_not_active" },
        { "stream already expired", now => $"{{\"url_expire\":{now + 60000},\"stream_expire\":{now - 60000},\"sub\":\"alice\"}}", 401, "stream_expired" },
        { "allow_ip without the client", now => $"{{\"url_expire\":{now + 60000},\"allow_ip\":\"192.0.2.0/24\",\"sub\":\"alice\"}}", 403, "address_not_allowed" },
        { "invalid CIDR", now => $"{{\"url_expire\":{now + 60000},\"allow_ip\":\"127.0.0.1/99\",\"sub\":\"alice\"}}", 401, "policy_malformed" },
    };

    [Theory]
    [MemberData(nameof(HostilePolicies))]
    public async Task HostilePolicy_IsRefusedBeforeOriginAndWebhook(string name, Func<long, string> policy, int status, string reason)
    {
        Assert.NotEmpty(name);
        var link = SignRaw(policy(NowMs));
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link);

        await GateProbe.AssertDeniedAsync(Gateway, before, response, status, reason);
    }

    public static TheoryData<string, Func<long, string>> AcceptedPolicies => new()
    {
        { "plain", now => $"{{\"url_expire\":{now + 60000},\"sub\":\"alice\"}}" },
        { "allow_ip containing the client", now => $"{{\"url_expire\":{now + 60000},\"allow_ip\":\"127.0.0.0/8\",\"sub\":\"alice\"}}" },
        { "active window and stream end", now => $"{{\"url_expire\":{now + 60000},\"url_activate\":{now - 60000},\"stream_expire\":{now + 600000},\"sub\":\"alice\"}}" },
        { "unknown keys ignored", now => $"{{\"url_expire\":{now + 60000},\"sub\":\"alice\",\"ome_extra\":true}}" },
    };

    [Theory]
    [MemberData(nameof(AcceptedPolicies))]
    public async Task ValidPolicy_IsAdmitted(string name, Func<long, string> policy)
    {
        Assert.NotEmpty(name);
        var link = SignRaw(policy(NowMs));
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link);

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(Gateway, before, "/app/cam1/whep");

        // End the WHEP session so alice's three-session cap is not used up by the next case.
        using var delete = await Gateway.Client.DeleteAsync(new Uri(new Uri(link), response.Headers.Location!));
        Assert.Equal(200, (int)delete.StatusCode);
    }
}
