using System.Security.Cryptography;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Docs;

/// <summary>
/// A real gateway running the repository's own policy.json, as a new integrator has it after the
/// first start: the <c>file:data/dev-secrets/…</c> references point at a temp working directory
/// that holds random development keys written the way an editor or <c>echo</c> leaves them, with
/// a trailing newline (which the gateway trims and a sample must too). Samples run in
/// <see cref="WorkingDirectory"/>, as a user runs them from the repository root.
/// </summary>
internal sealed class DefaultPolicyGateway : IAsyncDisposable
{
    private DefaultPolicyGateway(GatewayUnderTest gateway, string workingDirectory, string linkKey, string jwtKey)
    {
        Gateway = gateway;
        WorkingDirectory = workingDirectory;
        LinkKey = linkKey;
        JwtKey = jwtKey;
    }

    public GatewayUnderTest Gateway { get; }

    public string WorkingDirectory { get; }

    public string PolicyPath => Path.Combine(WorkingDirectory, "policy.json");

    /// <summary>The signed-link key's text (what the gateway uses: the file's trimmed text).</summary>
    public string LinkKey { get; }

    /// <summary>The JWT key's text.</summary>
    public string JwtKey { get; }

    /// <summary>A WHEP link signed with the policy's development link key, as <c>sign --whep</c> makes it.</summary>
    public string SignedWhepLink(string camera, string? subject) =>
        SignedUrlSigner.CreateLink(
            new Uri($"http://127.0.0.1:{Gateway.HttpPort}/{camera}/whep"),
            new SignedPolicyClaims(DateTimeOffset.UtcNow.AddMinutes(5)) { Subject = subject },
            null,
            SecretValue.FromText(LinkKey),
            SignedUrlAlgorithm.HmacSha1,
            SignedUrlParameterNames.Default);

    /// <summary>Starts it; <paramref name="editPolicy"/> changes the policy text (for example to enable the webhook as a doc says).</summary>
    public static async Task<DefaultPolicyGateway> StartAsync(
        Func<string, string>? editPolicy = null, IDictionary<string, string?>? settings = null)
    {
        var (directory, linkKey, jwtKey) = WriteWorkingDirectory(editPolicy);
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Policy:Path"] = Path.Combine(directory, "policy.json"),
        };
        var gateway = await GatewayUnderTest.StartAsync(settings: all);
        return new DefaultPolicyGateway(gateway, directory, linkKey, jwtKey);
    }

    /// <summary>A temp working directory with the repository's policy.json and fresh development keys.</summary>
    public static (string Directory, string LinkKey, string JwtKey) WriteWorkingDirectory(Func<string, string>? editPolicy = null)
    {
        var directory = Directory.CreateTempSubdirectory("securestream-docs-").FullName;
        var secrets = Directory.CreateDirectory(Path.Combine(directory, "data", "dev-secrets")).FullName;
        var linkKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var jwtKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(secrets, "link-key"), linkKey + "\n");
        File.WriteAllText(Path.Combine(secrets, "jwt-key"), jwtKey + "\n");

        var policy = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "policy.json"));
        Assert.Contains("\"file:data/dev-secrets/", policy, StringComparison.Ordinal);
        policy = policy.Replace("\"file:data/dev-secrets/", "\"file:" + secrets + "/", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(directory, "policy.json"), editPolicy is null ? policy : editPolicy(policy));

        return (directory, linkKey, jwtKey);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A sample's process still closing a file; the temp folder is cleaned later.
        }
    }
}
