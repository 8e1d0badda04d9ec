using System.Collections.Frozen;
using Microsoft.IdentityModel.Tokens;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// The closed allow-list of JOSE algorithms a key may be pinned to (docs/links.md, token links).
/// EdDSA is not on it: the Microsoft.IdentityModel 8.23 libraries used here have no EdDSA
/// implementation. RS/PS are left out on purpose: ES keys are smaller and do the same job.
/// </summary>
internal static class TokenAlgorithms
{
    private static readonly FrozenDictionary<string, AlgorithmInfo> Known = new Dictionary<string, AlgorithmInfo>(StringComparer.Ordinal)
    {
        [SecurityAlgorithms.HmacSha256] = new(IsHmac: true, MinimumSecretBytes: 32, CurveBits: 0, CurveOid: null),
        [SecurityAlgorithms.HmacSha384] = new(IsHmac: true, MinimumSecretBytes: 48, CurveBits: 0, CurveOid: null),
        [SecurityAlgorithms.HmacSha512] = new(IsHmac: true, MinimumSecretBytes: 64, CurveBits: 0, CurveOid: null),
        [SecurityAlgorithms.EcdsaSha256] = new(IsHmac: false, MinimumSecretBytes: 0, CurveBits: 256, CurveOid: "1.2.840.10045.3.1.7"),
        [SecurityAlgorithms.EcdsaSha384] = new(IsHmac: false, MinimumSecretBytes: 0, CurveBits: 384, CurveOid: "1.3.132.0.34"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The names as they must be written in policy.json, for error messages.</summary>
    public static string AllowedList => "HS256, HS384, HS512, ES256 or ES384";

    /// <summary>Looks an algorithm up by its exact (case-sensitive) JOSE name.</summary>
    public static bool TryGet(string? name, out AlgorithmInfo info)
    {
        info = default;
        return name is not null && Known.TryGetValue(name, out info);
    }

    /// <summary>What a key for one algorithm needs.</summary>
    /// <param name="IsHmac">True for HS*: a shared secret; false for ES*: an EC public key.</param>
    /// <param name="MinimumSecretBytes">RFC 7518 §3.2: an HMAC key at least as long as the hash output.</param>
    /// <param name="CurveBits">The size of the NIST curve an ES key must be on (P-256 for ES256, P-384 for ES384).</param>
    /// <param name="CurveOid">The OID of that curve (secp256r1 / secp384r1).</param>
    internal readonly record struct AlgorithmInfo(bool IsHmac, int MinimumSecretBytes, int CurveBits, string? CurveOid);
}
