using System.Collections.Frozen;
using Microsoft.IdentityModel.Tokens;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// The validated, immutable runtime form of the <c>tokens</c> section: keys by <c>kid</c> and the
/// checks every token link must pass. Swapped whole on policy reload, never changed in place.
/// </summary>
/// <remarks>
/// Security invariant: keys are found by an exact, ordinal dictionary lookup on <c>kid</c>. There is
/// no "try every key" fallback and no key is ever fetched from a location a token names.
/// </remarks>
internal sealed class TokenKeyRing
{
    /// <summary>Largest accepted <c>maxTokenBytes</c>.</summary>
    public const int MaxTokenBytesLimit = 65536;

    private readonly FrozenDictionary<string, TokenKey> _keys;
    private readonly FrozenDictionary<string, TokenValidationParameters> _parameters;

    private TokenKeyRing(FrozenDictionary<string, TokenKey> keys, string? audience, FrozenSet<string> issuers,
        TimeSpan clockSkew, TimeSpan maxLifetime, int maxTokenBytes, bool requireJti)
    {
        _keys = keys;
        Audience = audience;
        Issuers = issuers;
        ClockSkew = clockSkew;
        MaxLifetime = maxLifetime;
        MaxTokenBytes = maxTokenBytes;
        RequireJti = requireJti;
        _parameters = keys.ToFrozenDictionary(pair => pair.Key, pair => CreateParameters(pair.Value), StringComparer.Ordinal);
    }

    /// <summary>A ring with no keys: every token is refused with <c>TokenKeyUnknown</c>.</summary>
    public static TokenKeyRing Empty { get; } = new(FrozenDictionary<string, TokenKey>.Empty, null,
        FrozenSet<string>.Empty, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(86400), 8192, requireJti: false);

    /// <summary>The required <c>aud</c>; null only when the ring has no keys.</summary>
    public string? Audience { get; }

    /// <summary>Accepted <c>iss</c> values; empty means the issuer is not checked.</summary>
    public FrozenSet<string> Issuers { get; }

    /// <summary>Tolerance applied to <c>exp</c>, <c>nbf</c> and <c>iat</c>.</summary>
    public TimeSpan ClockSkew { get; }

    /// <summary>Longest accepted token lifetime.</summary>
    public TimeSpan MaxLifetime { get; }

    /// <summary>Longest accepted token, in bytes (characters: a well-formed token is ASCII).</summary>
    public int MaxTokenBytes { get; }

    /// <summary>Whether <c>jti</c> is required.</summary>
    public bool RequireJti { get; }

    /// <summary>Number of keys.</summary>
    public int Count => _keys.Count;

    /// <summary>The key ids, for diagnostics and the <c>check-config</c> CLI.</summary>
    public IEnumerable<string> KeyIds => _keys.Keys;

    /// <summary>Exact lookup by <c>kid</c>.</summary>
    public bool TryGetKey(string kid, out TokenKey? key) => _keys.TryGetValue(kid, out key);

    /// <summary>
    /// The library parameters for one key of this ring. Built once and never handed out beyond the
    /// validator, so their mutability is not an issue.
    /// </summary>
    public TokenValidationParameters ParametersFor(TokenKey key) => _parameters[key.KeyId];

    /// <summary>True for a <c>kid</c> from the documented alphabet: <c>^[A-Za-z0-9._-]{1,64}$</c>.</summary>
    public static bool IsValidKeyId(string? kid) =>
        kid is { Length: >= 1 and <= 64 } && kid.AsSpan().IndexOfAnyExcept(KeyIdCharacters) < 0;

    // A plain character check rather than a regex: no '$'-before-newline surprise, no timeout.
    private static readonly System.Buffers.SearchValues<char> KeyIdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>
    /// Validates the whole section and builds the ring. Every problem is appended to
    /// <paramref name="errors"/> as <c>"&lt;json path&gt;: &lt;what is wrong&gt;; &lt;the fix&gt;"</c>;
    /// returns false (and no ring) when there was any.
    /// </summary>
    public static bool TryCreate(TokenSettings? settings, string path, List<string> errors, out TokenKeyRing? ring)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ring = null;
        settings ??= new TokenSettings();
        var before = errors.Count;

        if (settings.ClockSkewSeconds is < 0 or > 300)
        {
            errors.Add($"{path}.clockSkewSeconds: {settings.ClockSkewSeconds} is out of range; use 0 to 300 (default 30)");
        }

        if (settings.MaxLifetimeSeconds is < 1 or > 31_536_000)
        {
            errors.Add($"{path}.maxLifetimeSeconds: {settings.MaxLifetimeSeconds} is out of range; use 1 to 31536000 (default 86400)");
        }

        if (settings.MaxTokenBytes is < 256 or > MaxTokenBytesLimit)
        {
            errors.Add($"{path}.maxTokenBytes: {settings.MaxTokenBytes} is out of range; use 256 to {MaxTokenBytesLimit} (default 8192)");
        }

        var keys = settings.Keys ?? [];
        var issuers = ValidateIssuers(settings.Issuers ?? [], path, errors);
        if (keys.Count > 0 && string.IsNullOrWhiteSpace(settings.Audience))
        {
            errors.Add($"{path}.audience: is missing; set the audience tokens must carry, e.g. \"securestream\"");
        }

        var built = new Dictionary<string, TokenKey>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var keyPath = $"{path}.keys[{i}]";
            var keySettings = keys[i];
            if (keySettings is null)
            {
                errors.Add($"{keyPath}: is null; remove it or give kid and algorithm");
                continue;
            }

            var kid = keySettings.Kid;
            if (!IsValidKeyId(kid))
            {
                errors.Add($"{keyPath}.kid: is missing or not of the form ^[A-Za-z0-9._-]{{1,64}}$; use a short id such as \"hs-2026\"");
                kid = null;
            }
            else if (IsDuplicate(keys, i, kid!))
            {
                errors.Add($"{keyPath}.kid: \"{kid}\" is used by an earlier key; give every key its own kid");
                kid = null;
            }

            var key = TokenKeyFactory.TryCreate(keySettings, kid ?? "-", keyPath, errors);
            if (key is not null && kid is not null)
            {
                built[kid] = key;
            }
        }

        if (errors.Count != before)
        {
            return false;
        }

        ring = new TokenKeyRing(built.ToFrozenDictionary(StringComparer.Ordinal), settings.Audience, issuers,
            TimeSpan.FromSeconds(settings.ClockSkewSeconds), TimeSpan.FromSeconds(settings.MaxLifetimeSeconds),
            settings.MaxTokenBytes, settings.RequireJti);
        return true;
    }

    /// <summary>
    /// Security invariant: the library gets exactly one key (ours, chosen by <c>kid</c>) and exactly one
    /// algorithm; it has no configuration manager, so it has nowhere to fetch keys from. Lifetime is
    /// checked by the validator with the injected clock and our skew, not the library's 300 s default.
    /// </summary>
    private TokenValidationParameters CreateParameters(TokenKey key)
    {
        SecurityKey[] only = [key.VerificationKey];
        return new TokenValidationParameters
        {
            IssuerSigningKeyResolver = (_, _, _, _) => only,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = [key.Algorithm],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            ValidateAudience = true,
            ValidAudience = Audience,
            // Exact match: "securestream/" is another audience.
            IgnoreTrailingSlashWhenValidatingAudience = false,
            ValidateIssuer = Issuers.Count > 0,
            ValidIssuers = Issuers,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ClockSkew = ClockSkew,
            ValidateTokenReplay = false,
            SaveSigninToken = false,
        };
    }

    // Compared with the settings, not the built keys, so a duplicate of a key that failed to build
    // is reported in the same pass.
    private static bool IsDuplicate(IReadOnlyList<TokenKeySettings> keys, int index, string kid)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(keys[j]?.Kid, kid, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenSet<string> ValidateIssuers(IReadOnlyList<string> issuers, string path, List<string> errors)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < issuers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(issuers[i]))
            {
                errors.Add($"{path}.issuers[{i}]: is empty; write the exact iss value tokens carry");
            }
            else if (!set.Add(issuers[i]))
            {
                errors.Add($"{path}.issuers[{i}]: \"{issuers[i]}\" is listed twice; remove the duplicate");
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
