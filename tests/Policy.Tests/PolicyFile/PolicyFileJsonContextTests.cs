using System.Text.Json;
using SecureStream.Policy.PolicyFile;

namespace SecureStream.Policy.Tests.PolicyFile;

/// <summary>
/// policy.json is read through generated metadata (<see cref="PolicyFileJsonContext"/>), which a
/// trimmed gateway needs. These tests hold it to what the reflection-based reader gives, in
/// particular the defaults of keys left out of a section.
/// </summary>
public sealed class PolicyFileJsonContextTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, string> Documents => new()
    {
        { "empty", """{}""" },
        { "every section empty", """{"version":1,"signedUrls":{},"tokens":{},"operators":[],"groups":[],"anonymousLinks":{},"links":{},"admission":{},"forwarding":{}}""" },
        {
            "every nested object empty",
            """
            {"signedUrls":{"virtualHosts":[{"keys":[{}]}]},"tokens":{"keys":[{}]},
             "operators":[{"windows":[{}]}],"groups":[{"windows":[{}]}],
             "admission":{"circuitBreaker":{}},"forwarding":{"cameras":[{}]}}
            """
        },
        { "some keys set", """{"signedUrls":{"policyParam":"pol","virtualHosts":[{"name":"vh","keys":[{"id":"k1"}]}]},"admission":{"timeoutMs":1500}}""" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Deserialize_Generated_MatchesReflection(string name, string json)
    {
        var generated = JsonSerializer.Deserialize(json, PolicyFileJsonContext.Default.PolicyFileDocument);
        var reflected = JsonSerializer.Deserialize<PolicyFileDocument>(json, Reflection);

        Assert.True(generated is not null, name);
        Assert.Equal(JsonSerializer.Serialize(reflected, Reflection), JsonSerializer.Serialize(generated, Reflection));
    }

    [Fact]
    public void Load_SectionWithoutKeys_KeepsTheDefaults()
    {
        var result = PolicyFileLoader.Load("""{"version":1,"signedUrls":{}}"""u8, TimeProvider.System);

        Assert.True(result.Snapshot is not null, string.Join("\n", result.Errors));
    }
}
