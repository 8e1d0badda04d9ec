using System.Text.Json;
using SecureStream.Policy.SignedUrls;
using static SecureStream.Policy.Tests.SignedUrls.SignedUrlTestKit;

namespace SecureStream.Policy.Tests.SignedUrls;

public sealed class SignedUrlSettingsTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowDuplicateProperties = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    [Fact]
    public void Deserialize_DocumentedExample_BuildsRing()
    {
        var oldRef = SecretRef(Secret);
        var newRef = SecretRef(OtherSecret);
        var json = $$"""
            {
              "policyParam": "policy",
              "signatureParam": "signature",
              "maxPolicyBytes": 1024,
              "virtualHosts": [
                {
                  "name": "default",
                  "hosts": ["cams.example.com", "*"],
                  "keys": [
                    { "id": "2026-05", "secret": "{{oldRef}}", "notAfter": "2026-06-30T00:00:00Z" },
                    { "id": "2026-11", "secret": "{{newRef}}", "algorithm": "HMAC-SHA256" }
                  ],
                  "requireStrongAlgorithm": false
                }
              ]
            }
            """;
        var settings = JsonSerializer.Deserialize<SignedUrlSettings>(json, Options)!;
        var ring = Ring(settings);

        Assert.True(ring.TryResolve("cams.example.com:443", out var vhost));
        Assert.Equal(2, vhost!.Keys.Count);
        Assert.Equal(SignedUrlAlgorithm.HmacSha1, vhost.Keys[0].Algorithm);
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero), vhost.Keys[0].NotAfter);
        Assert.Equal(SignedUrlAlgorithm.HmacSha256, vhost.Keys[1].Algorithm);
        Assert.DoesNotContain(Secret, vhost.Keys[0].Secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_EmptySection_SafeDefaults()
    {
        var settings = JsonSerializer.Deserialize<SignedUrlSettings>("{}", Options)!;
        Assert.Equal("policy", settings.PolicyParam);
        Assert.Equal("signature", settings.SignatureParam);
        Assert.Equal(1024, settings.MaxPolicyBytes);
        Assert.Empty(settings.VirtualHosts);
    }
}
