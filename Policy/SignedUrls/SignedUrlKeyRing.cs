using System.Collections.Frozen;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// The validated, immutable runtime form of the <c>signedUrls</c> section: parameter names, the
/// policy size cap and the virtual hosts with their resolved keys. Built once per policy.json
/// load by <see cref="TryCreate"/>; swapped, never mutated.
/// </summary>
internal sealed class SignedUrlKeyRing
{
    /// <summary>Smallest accepted secret, in bytes. docs/security.md asks for 256 random bits; 128 is the floor we refuse below.</summary>
    public const int MinSecretBytes = 16;

    /// <summary>Bounds for <see cref="SignedUrlSettings.MaxPolicyBytes"/>.</summary>
    public const int MinPolicyBytes = 64;

    /// <summary>Upper bound for <see cref="SignedUrlSettings.MaxPolicyBytes"/>.</summary>
    public const int MaxPolicyBytesLimit = 16 * 1024;

    private readonly FrozenDictionary<string, SignedUrlVirtualHost> _byHost;
    private readonly SignedUrlVirtualHost? _fallback;

    private SignedUrlKeyRing(
        SignedUrlParameterNames names, int maxPolicyBytes, IReadOnlyList<SignedUrlVirtualHost> virtualHosts,
        FrozenDictionary<string, SignedUrlVirtualHost> byHost, SignedUrlVirtualHost? fallback)
    {
        Names = names;
        MaxPolicyBytes = maxPolicyBytes;
        VirtualHosts = virtualHosts;
        _byHost = byHost;
        _fallback = fallback;
    }

    /// <summary>The policy and signature parameter names.</summary>
    public SignedUrlParameterNames Names { get; }

    /// <summary>Largest decoded policy accepted, in bytes.</summary>
    public int MaxPolicyBytes { get; }

    /// <summary>The virtual hosts in configuration order.</summary>
    public IReadOnlyList<SignedUrlVirtualHost> VirtualHosts { get; }

    /// <summary>
    /// The host names that select the virtual host called <paramref name="name"/>, sorted, with
    /// <c>*</c> when it is the fallback; empty when the policy has no such virtual host.
    /// </summary>
    public IReadOnlyList<string> HostNamesOf(string name)
    {
        var names = _byHost.Where(e => e.Value.Name == name).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        if (_fallback?.Name == name)
        {
            names.Add("*");
        }

        return names;
    }

    /// <summary>
    /// Finds the virtual host for a Host header: the host part, case-insensitive, port ignored;
    /// the <c>*</c> virtual host when no name matches. False (→ <see cref="AccessReason.UnknownHost"/>)
    /// when nothing matches or the header is not a well-formed host.
    /// </summary>
    public bool TryResolve(string? hostHeader, out SignedUrlVirtualHost? virtualHost)
    {
        virtualHost = null;
        if (!SignedUrlCanonicalizer.TrySplitHost(hostHeader, out var host))
        {
            return false;
        }

        virtualHost = _byHost.TryGetValue(host, out var named) ? named : _fallback;
        return virtualHost is not null;
    }

    /// <summary>
    /// Validates the section and builds the ring. Appends every problem to <paramref name="errors"/>
    /// as <c>"&lt;json path&gt;: &lt;what is wrong&gt;; &lt;the fix&gt;"</c> and returns false if any.
    /// </summary>
    public static bool TryCreate(SignedUrlSettings? settings, string jsonPath, List<string> errors, out SignedUrlKeyRing? ring)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ring = null;
        settings ??= new SignedUrlSettings();
        var before = errors.Count;

        CheckParamName(settings.PolicyParam, $"{jsonPath}.policyParam", errors);
        CheckParamName(settings.SignatureParam, $"{jsonPath}.signatureParam", errors);
        if (string.Equals(settings.PolicyParam, settings.SignatureParam, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{jsonPath}.signatureParam: equals policyParam; give the two parameters different names");
        }

        if (settings.MaxPolicyBytes is < MinPolicyBytes or > MaxPolicyBytesLimit)
        {
            errors.Add($"{jsonPath}.maxPolicyBytes: {settings.MaxPolicyBytes} is out of range; set it between {MinPolicyBytes} and {MaxPolicyBytesLimit} (default 1024)");
        }

        var virtualHosts = new List<SignedUrlVirtualHost>();
        var byHost = new Dictionary<string, SignedUrlVirtualHost>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        SignedUrlVirtualHost? fallback = null;
        var list = settings.VirtualHosts ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"{jsonPath}.virtualHosts[{i}]";
            var vhost = list[i];
            if (vhost is null)
            {
                errors.Add($"{path}: is null; write a virtual host object or remove the entry");
                continue;
            }

            if (string.IsNullOrWhiteSpace(vhost.Name))
            {
                errors.Add($"{path}.name: is missing; give every virtual host a unique name");
            }
            else if (!names.Add(vhost.Name))
            {
                errors.Add($"{path}.name: \"{vhost.Name}\" is used twice; give every virtual host a unique name");
            }

            var keys = CreateKeys(vhost, path, errors);
            var runtime = new SignedUrlVirtualHost(vhost.Name ?? string.Empty, keys);
            virtualHosts.Add(runtime);

            var hosts = vhost.Hosts ?? [];
            if (hosts.Count == 0)
            {
                errors.Add($"{path}.hosts: is empty; list host names (no scheme, no port) or \"*\"");
            }

            for (var h = 0; h < hosts.Count; h++)
            {
                var host = hosts[h];
                var hostPath = $"{path}.hosts[{h}]";
                if (host == "*")
                {
                    if (fallback is not null)
                    {
                        errors.Add($"{hostPath}: a second virtual host uses \"*\"; only one virtual host may be the fallback");
                    }

                    fallback = runtime;
                }
                else if (host is null || !IsConfiguredHost(host))
                {
                    errors.Add($"{hostPath}: \"{host}\" is not a host name; write a name such as cams.example.com (no scheme, no port) or \"*\"");
                }
                else if (!byHost.TryAdd(host.ToLowerInvariant(), runtime))
                {
                    errors.Add($"{hostPath}: \"{host}\" is listed twice; list each host in one virtual host only");
                }
            }
        }

        if (errors.Count != before)
        {
            return false;
        }

        ring = new SignedUrlKeyRing(
            new SignedUrlParameterNames(settings.PolicyParam, settings.SignatureParam),
            settings.MaxPolicyBytes,
            virtualHosts,
            byHost.ToFrozenDictionary(StringComparer.Ordinal),
            fallback);
        return true;
    }

    private static List<SignedUrlKey> CreateKeys(SignedUrlVirtualHostSettings vhost, string path, List<string> errors)
    {
        var keys = new List<SignedUrlKey>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var list = vhost.Keys ?? [];
        if (list.Count == 0)
        {
            errors.Add($"{path}.keys: is empty; add at least one key {{ \"id\", \"secret\": \"env:NAME\" }}");
        }

        for (var k = 0; k < list.Count; k++)
        {
            var keyPath = $"{path}.keys[{k}]";
            var key = list[k];
            if (key is null)
            {
                errors.Add($"{keyPath}: is null; write a key object or remove the entry");
                continue;
            }

            var ok = true;
            if (!SignedPolicyParser.IsTokenText(key.Id, SignedPolicyParser.MaxKeyIdLength))
            {
                errors.Add($"{keyPath}.id: is missing or not 1-{SignedPolicyParser.MaxKeyIdLength} characters of A-Z a-z 0-9 . _ @ -; give the key such an id");
                ok = false;
            }
            else if (string.Equals(key.Id, ScopedSignedUrlKey.DemoWallKeyId, StringComparison.Ordinal))
            {
                errors.Add($"{keyPath}.id: \"{key.Id}\" is reserved for the demo wall's own key; give the key another id");
                ok = false;
            }
            else if (!ids.Add(key.Id!))
            {
                errors.Add($"{keyPath}.id: \"{key.Id}\" is used twice; give every key of a virtual host a unique id");
                ok = false;
            }

            if (!TryParseAlgorithm(key.Algorithm, out var algorithm))
            {
                errors.Add($"{keyPath}.algorithm: \"{key.Algorithm}\" is not supported; use HMAC-SHA1 or HMAC-SHA256");
                ok = false;
            }
            else if (vhost.RequireStrongAlgorithm && algorithm == SignedUrlAlgorithm.HmacSha1)
            {
                errors.Add($"{keyPath}.algorithm: HMAC-SHA1 is refused because requireStrongAlgorithm is true; use HMAC-SHA256 or set requireStrongAlgorithm to false");
                ok = false;
            }

            SecretValue? secret = null;
            if (!SecretReference.TryResolve(key.Secret, out secret, out var error))
            {
                // SecretReference says what is wrong; add the fix where its message does not.
                var fix = error.Contains(';', StringComparison.Ordinal) ? string.Empty : "; reference a secret of at least 16 bytes as env:NAME or file:/path";
                errors.Add($"{keyPath}.secret: {error}{fix}");
                ok = false;
            }
            else if (secret!.Length < MinSecretBytes)
            {
                errors.Add($"{keyPath}.secret: is {secret.Length} bytes; use at least {MinSecretBytes} (32 random bytes recommended)");
                ok = false;
            }

            if (ok)
            {
                keys.Add(new SignedUrlKey(key.Id!, secret!, algorithm, key.NotAfter));
            }
        }

        return keys;
    }

    private static bool TryParseAlgorithm(string? text, out SignedUrlAlgorithm algorithm)
    {
        // Case-insensitive: "hmac-sha256" in a hand-edited file means the same thing.
        algorithm = SignedUrlAlgorithm.HmacSha1;
        if (string.Equals(text, "HMAC-SHA1", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        algorithm = SignedUrlAlgorithm.HmacSha256;
        return string.Equals(text, "HMAC-SHA256", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsConfiguredHost(string host)
    {
        if (host.StartsWith('['))
        {
            // An IPv6 literal, as it appears in a Host header; a port after it is refused.
            return host.EndsWith(']') && SignedUrlCanonicalizer.TrySplitHost(host, out _);
        }

        return SignedUrlCanonicalizer.IsHostName(host);
    }

    private static void CheckParamName(string? name, string path, List<string> errors)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !CameraPath.IsSafeName(name))
        {
            errors.Add($"{path}: \"{name}\" is not a parameter name; use 1-64 characters of A-Z a-z 0-9 - _ .");
        }
    }
}
