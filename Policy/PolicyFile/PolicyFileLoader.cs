using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Entitlements;
using SecureStream.Policy.Forwarding;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.PolicyFile;

/// <summary>
/// Reads policy.json strictly (no duplicate or unknown properties, no trailing commas; comments
/// allowed) and validates it whole: every problem in every section is reported at once, each
/// naming its JSON path and the fix. Either the whole file is good and a snapshot is built, or
/// nothing is.
/// </summary>
internal static class PolicyFileLoader
{
    /// <summary>A policy file is configuration, not data: anything bigger is a mistake.</summary>
    public const int MaxFileBytes = 8 * 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        PropertyNameCaseInsensitive = false,
        MaxDepth = 32,
        TypeInfoResolver = PolicyFileJsonContext.Default,
    };

    private static readonly JsonTypeInfo<PolicyFileDocument> DocumentType =
        (JsonTypeInfo<PolicyFileDocument>)Options.GetTypeInfo(typeof(PolicyFileDocument));

    public static PolicyLoadResult LoadFile(string path, TimeProvider time)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return PolicyLoadResult.Failed($"{path}: the policy file does not exist; create it (see docs/configuration.md) or set Policy:Path");
            }

            if (info.Length > MaxFileBytes)
            {
                return PolicyLoadResult.Failed($"{path}: the policy file is larger than {MaxFileBytes} bytes");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return PolicyLoadResult.Failed($"{path}: cannot be read ({ex.GetType().Name})");
        }

        return Load(bytes, time);
    }

    public static PolicyLoadResult Load(ReadOnlySpan<byte> json, TimeProvider time)
    {
        PolicyFileDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, DocumentType);
        }
        catch (JsonException ex)
        {
            // The message names the path and line; it never holds secrets (those live outside the file).
            return PolicyLoadResult.Failed($"policy.json{(ex.Path is { Length: > 0 } p ? " at " + p : string.Empty)}" +
                $" (line {(ex.LineNumber ?? 0) + 1}): {FirstSentence(ex.Message)}");
        }

        if (document is null)
        {
            return PolicyLoadResult.Failed("policy.json: the file holds null; it must be a JSON object");
        }

        var errors = new List<string>();
        if (document.Version != 1)
        {
            errors.Add($"$.version: {document.Version} is not a known format version; use 1");
        }

        SignedUrlKeyRing.TryCreate(document.SignedUrls ?? new SignedUrlSettings(), "$.signedUrls", errors, out var signedUrls);
        TokenKeyRing.TryCreate(document.Tokens ?? new TokenSettings(), "$.tokens", errors, out var tokens);
        var entitlementSettings = new EntitlementSettings
        {
            Operators = document.Operators,
            Groups = document.Groups,
            AnonymousLinks = document.AnonymousLinks,
            Links = document.Links,
        };
        EntitlementTable.TryCreate(entitlementSettings, "$", errors, out var entitlements);
        AdmissionEndpoint? admission = null;
        if (document.Admission is { } admissionSettings)
        {
            AdmissionEndpoint.TryCreate(admissionSettings, "$.admission", errors, out admission);
        }

        var linkParams = document.SignedUrls is { } links ? new[] { links.PolicyParam, links.SignatureParam } : null;
        ForwardingRules.TryCreate(document.Forwarding ?? new ForwardingSettings(), "$.forwarding", errors, out var forwarding, linkParams);
        if (errors.Count > 0 || signedUrls is null || tokens is null || entitlements is null || forwarding is null)
        {
            return PolicyLoadResult.Failed(errors.Count > 0 ? errors : ["policy.json: could not be built"]);
        }

        var hash = ContentHashOf(json);
        var snapshot = new PolicySnapshot(
            signedUrls,
            tokens,
            entitlements,
            admission,
            forwarding,
            document.Links.MaxUsesPerLinkId,
            hash,
            time.GetUtcNow());
        return PolicyLoadResult.Loaded(snapshot);
    }

    /// <summary>The hex SHA-256 prefix that names a policy file's content in audit records and the management API.</summary>
    public static string ContentHashOf(ReadOnlySpan<byte> json) => Convert.ToHexStringLower(SHA256.HashData(json))[..16];

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
