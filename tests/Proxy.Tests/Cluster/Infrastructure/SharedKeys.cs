using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecureStream.Policy.Secrets;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster.Infrastructure;

/// <summary>
/// The secrets and the policy every process of a cluster under test shares, as files in its folder:
/// the ticket key (front doors sign tickets, origins check them), the front doors' policy.json with
/// its link and token keys, the management token and the audit checkpoint key
/// (docs/cluster.md: every front door shares them).
/// </summary>
internal sealed record SharedKeys(string TicketKey, string PolicyPath, string ManagementToken, string CheckpointKey, SecretValue LinkSecret)
{
    /// <summary>
    /// Writes fresh random keys into <paramref name="folder"/> and the repository's policy.json with
    /// its development secrets replaced by them; <paramref name="editPolicy"/> changes the policy
    /// (operators, limits) before it is written.
    /// </summary>
    public static SharedKeys Write(string folder, Action<JsonObject>? editPolicy = null)
    {
        string Secret(string name)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            return path;
        }

        var linkKey = Secret("link-key");
        var jwtKey = Secret("jwt-key");
        var policy = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "policy.json"))
            .Replace("file:data/dev-secrets/link-key", "file:" + linkKey, StringComparison.Ordinal)
            .Replace("file:data/dev-secrets/jwt-key", "file:" + jwtKey, StringComparison.Ordinal);
        Assert.DoesNotContain("file:data/dev-secrets/", policy, StringComparison.Ordinal);
        if (editPolicy is not null)
        {
            // policy.json carries comments; the edited copy is plain JSON, which the policy loader reads as well.
            var document = JsonNode.Parse(policy, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
            editPolicy(document);
            policy = document.ToJsonString();
        }

        var policyPath = Path.Combine(folder, "policy.json");
        File.WriteAllText(policyPath, policy);
        return new SharedKeys(
            Secret("ticket-key"),
            policyPath,
            Secret("management-token"),
            Secret("checkpoint-key"),
            SecretValue.FromText(File.ReadAllText(linkKey)));
    }
}
