using System.Text.Json;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.Tests.Tokens;

public sealed class TokenSettingsTests
{
    private static readonly JsonSerializerOptions PolicyJson = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    [Fact]
    public void Deserialize_DocumentedExample_ReadsEveryField()
    {
        const string Json = """
            {
              "audience": "securestream",
              "issuers": ["https://idp.example"],
              "clockSkewSeconds": 10,
              "maxLifetimeSeconds": 3600,
              "maxTokenBytes": 4096,
              "requireJti": true,
              "keys": [
                { "kid": "hs-2026", "algorithm": "HS256", "secret": "env:SS_JWT_HS" },
                { "kid": "ec-2026", "algorithm": "ES256", "publicKey": "file:/etc/securestream/ec.pub.pem",
                  "privateKey": "file:/etc/securestream/ec.key.pem", "notAfter": "2026-12-31T00:00:00Z" }
              ]
            }
            """;

        var settings = JsonSerializer.Deserialize<TokenSettings>(Json, PolicyJson)!;

        Assert.Equal("securestream", settings.Audience);
        Assert.Equal(["https://idp.example"], settings.Issuers);
        Assert.Equal(10, settings.ClockSkewSeconds);
        Assert.Equal(3600, settings.MaxLifetimeSeconds);
        Assert.Equal(4096, settings.MaxTokenBytes);
        Assert.True(settings.RequireJti);
        Assert.Equal("env:SS_JWT_HS", settings.Keys[0].Secret);
        Assert.Equal("file:/etc/securestream/ec.pub.pem", settings.Keys[1].PublicKey);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), settings.Keys[1].NotAfter);
    }

    [Fact]
    public void Defaults_AreTheSafeOnes()
    {
        var settings = JsonSerializer.Deserialize<TokenSettings>("{}", PolicyJson)!;

        Assert.Equal(30, settings.ClockSkewSeconds);
        Assert.Equal(86400, settings.MaxLifetimeSeconds);
        Assert.Equal(8192, settings.MaxTokenBytes);
        Assert.False(settings.RequireJti);
        Assert.Empty(settings.Keys);
        Assert.Empty(settings.Issuers);
    }
}
