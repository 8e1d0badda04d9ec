using System.Text.Json;
using SecureStream.Policy.Forwarding;

namespace SecureStream.Policy.Tests.Forwarding;

public sealed class ForwardingRulesTryCreateTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    [Fact]
    public void TryCreate_DocumentedExample_Accepted()
    {
        const string Section = """
            {
              "credentialParams": ["policy", "signature", "token"],
              "reservedParams": ["direction", "transport", "peer_id", "session", "user", "username",
                                 "password", "pass", "pwd", "auth", "authorization"],
              "cameras": [ { "pattern": "app/cam*", "allow": ["quality", "channel"] } ]
            }
            """;
        var settings = JsonSerializer.Deserialize<ForwardingSettings>(Section, Json);
        var errors = new List<string>();

        Assert.True(ForwardingRules.TryCreate(settings, "$.forwarding", errors, out var rules));
        Assert.Empty(errors);
        Assert.Equal(["policy", "signature", "token"], rules!.CredentialParams.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TryCreate_EmptySection_DefaultsApply()
    {
        var settings = JsonSerializer.Deserialize<ForwardingSettings>("{}", Json);

        Assert.True(ForwardingRules.TryCreate(settings, "$.forwarding", [], out var rules));
        Assert.Equal(["policy", "signature", "token"], rules!.CredentialParams.Order(StringComparer.Ordinal));
        Assert.True(ForwardingRules.TryCreate(null, "$.forwarding", [], out _));
    }

    [Fact]
    public void TryCreate_CredentialListWithoutDefaults_DefaultsStillIncluded()
    {
        var settings = JsonSerializer.Deserialize<ForwardingSettings>("""{ "credentialParams": ["jwt"], "reservedParams": [] }""", Json);

        Assert.True(ForwardingRules.TryCreate(settings, "$.forwarding", [], out var rules));
        Assert.Equal(["jwt", "policy", "signature", "token"], rules!.CredentialParams.Order(StringComparer.Ordinal));
        Assert.Equal(string.Empty, rules.Build([new("transport", "tcp", "tcp")], new("app", "cam1")).Query);
    }

    [Fact]
    public void TryCreate_ConfiguredSpelling_Kept()
    {
        var settings = new ForwardingSettings { CredentialParams = ["Policy"] };

        Assert.True(ForwardingRules.TryCreate(settings, "$.forwarding", [], out var rules));
        Assert.Contains("Policy", rules!.CredentialParams);
        Assert.DoesNotContain("policy", rules.CredentialParams);
    }

    [Fact]
    public void TryCreate_EveryProblem_ReportedWithPathAndFix()
    {
        const string Section = """
            {
              "credentialParams": ["sig nature", ""],
              "reservedParams": null,
              "cameras": [
                { "pattern": "app", "allow": ["quality"] },
                { "pattern": "app/cam*", "allow": ["Token", "a%20b"] },
                { "pattern": "app/cam*", "allow": ["quality"] },
                { "pattern": "app/door" },
                null
              ]
            }
            """;
        var settings = JsonSerializer.Deserialize<ForwardingSettings>(Section, Json);
        var errors = new List<string> { "an earlier section's problem" };

        Assert.False(ForwardingRules.TryCreate(settings, "$.forwarding", errors, out var rules));

        Assert.Null(rules);
        Assert.Equal(
            [
                "an earlier section's problem",
                "$.forwarding.credentialParams[0]",
                "$.forwarding.credentialParams[1]",
                "$.forwarding.reservedParams",
                "$.forwarding.cameras[0].pattern",
                "$.forwarding.cameras[1].allow[0]",
                "$.forwarding.cameras[1].allow[1]",
                "$.forwarding.cameras[2].pattern",
                "$.forwarding.cameras[3].allow",
                "$.forwarding.cameras[4]",
            ],
            errors.Select(e => e.Split(": ")[0]));
        Assert.All(errors.Skip(1), e => Assert.Contains("; ", e, StringComparison.Ordinal));
    }

    [Fact]
    public void TryCreate_CamerasNull_Reported()
    {
        var errors = new List<string>();

        Assert.False(ForwardingRules.TryCreate(new ForwardingSettings { Cameras = null! }, "$.forwarding", errors, out _));
        Assert.StartsWith("$.forwarding.cameras: ", Assert.Single(errors), StringComparison.Ordinal);
    }
}
