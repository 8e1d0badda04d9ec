using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SecureStream.Proxy.Hosting;

/// <summary>
/// Makes the zero-configuration run work: every <c>file:data/dev-secrets/NAME</c> reference in
/// policy.json whose file is missing gets 256 random bits (base64url), readable only by this user.
/// Only paths under data/dev-secrets/ are ever created, so a production secret path that is
/// missing stays an error.
/// </summary>
internal static partial class DevelopmentSecrets
{
    public const string Directory = "data/dev-secrets/";

    public static IReadOnlyList<string> CreateMissing(string policyPath, params string?[] otherReferences)
    {
        var text = (File.Exists(policyPath) ? File.ReadAllText(policyPath) : string.Empty) +
            string.Concat(otherReferences.Where(r => r is not null).Select(r => "\"" + r + "\""));
        var created = new List<string>();
        foreach (Match match in SecretFileReference().Matches(text))
        {
            var path = match.Groups["path"].Value;
            if (File.Exists(path))
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            created.Add(path);
        }

        return created;
    }

    /// <summary>
    /// Where policy.json uses development secrets: the JSON path of every string that references a
    /// <c>file:data/dev-secrets/…</c> file (e.g. <c>$.signedUrls.virtualHosts[0].keys[0].secret</c>).
    /// Paths only, never values. An unreadable or malformed file yields none: loading it reports
    /// that, with the precise error.
    /// </summary>
    public static IReadOnlyList<string> FindPolicyUses(string policyPath)
    {
        var uses = new List<string>();
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(
                File.ReadAllText(policyPath),
                new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            CollectUses(document.RootElement, "$", uses);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // Reported by the policy loader.
        }

        return uses;
    }

    /// <summary>
    /// Every place a development secret is used: <c>policy.json &lt;json path&gt;</c> for policy.json
    /// (<see cref="FindPolicyUses"/>), then the names of the settings (<see cref="FindSettingUses"/>).
    /// </summary>
    public static IReadOnlyList<string> FindUses(IConfiguration settings, string policyPath) =>
        [.. FindPolicyUses(policyPath).Select(path => PolicyFilePrefix + path), .. FindSettingUses(settings.AsEnumerable())];

    /// <summary>How <see cref="FindUses"/> marks a use inside policy.json.</summary>
    public const string PolicyFilePrefix = "policy.json ";

    /// <summary>The names (never the values) of the settings that reference a development secret.</summary>
    public static IReadOnlyList<string> FindSettingUses(IEnumerable<KeyValuePair<string, string?>> settings) =>
        [.. settings.Where(setting => IsDevelopmentReference(setting.Value)).Select(setting => setting.Key).Order(StringComparer.Ordinal)];

    private static void CollectUses(System.Text.Json.JsonElement element, string path, List<string> uses)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CollectUses(property.Value, path + "." + property.Name, uses);
                }

                break;
            case System.Text.Json.JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CollectUses(item, $"{path}[{index++}]", uses);
                }

                break;
            case System.Text.Json.JsonValueKind.String when IsDevelopmentReference(element.GetString()):
                uses.Add(path);
                break;
        }
    }

    private static bool IsDevelopmentReference(string? value) =>
        value is not null && SecretFileReference().IsMatch("\"" + value + "\"");

    [GeneratedRegex("\"file:(?<path>data/dev-secrets/[A-Za-z0-9._-]+)\"")]
    private static partial Regex SecretFileReference();
}
