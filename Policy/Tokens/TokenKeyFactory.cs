using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// Turns one <see cref="TokenKeySettings"/> into a <see cref="TokenKey"/>, collecting every problem.
/// Only called while a policy file is loaded, so exceptions from key import are caught here and
/// become configuration errors.
/// </summary>
internal static class TokenKeyFactory
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public static TokenKey? TryCreate(TokenKeySettings settings, string kid, string path, List<string> errors)
    {
        var before = errors.Count;
        if (!TokenAlgorithms.TryGet(settings.Algorithm, out var info))
        {
            var what = settings.Algorithm is null ? "is missing"
                : string.Equals(settings.Algorithm, "none", StringComparison.OrdinalIgnoreCase) ? "is none, which would accept unsigned tokens"
                : "is not an allowed algorithm";
            errors.Add($"{path}.algorithm: {what}; use {TokenAlgorithms.AllowedList} (EdDSA is not supported by this build)");
            return null;
        }

        if (info.IsHmac)
        {
            if (settings.PublicKey is not null || settings.PrivateKey is not null)
            {
                errors.Add($"{path}: {settings.Algorithm} is an HMAC algorithm but publicKey/privateKey is set; use secret for HS keys, or an ES algorithm for EC keys");
            }

            return CreateHmac(settings, kid, path, info, errors, before);
        }

        if (settings.Secret is not null)
        {
            errors.Add($"{path}.secret: {settings.Algorithm} is an EC algorithm and takes no shared secret; remove secret and set publicKey");
        }

        return CreateEc(settings, kid, path, info, errors, before);
    }

    private static TokenKey? CreateHmac(TokenKeySettings settings, string kid, string path, TokenAlgorithms.AlgorithmInfo info, List<string> errors, int before)
    {
        if (!SecretReference.TryResolve(settings.Secret, out var secret, out var error))
        {
            errors.Add($"{path}.secret: {WithFix(error)}");
            return null;
        }

        if (secret!.Length < info.MinimumSecretBytes)
        {
            errors.Add($"{path}.secret: {secret} is {secret.Length} bytes, too short for {settings.Algorithm}; use at least {info.MinimumSecretBytes} random bytes");
            return null;
        }

        if (errors.Count != before)
        {
            return null;
        }

        var key = new SymmetricSecurityKey(secret.Span.ToArray()) { KeyId = kid };
        return new TokenKey(kid, settings.Algorithm!, key, key, settings.NotAfter);
    }

    private static TokenKey? CreateEc(TokenKeySettings settings, string kid, string path, TokenAlgorithms.AlgorithmInfo info, List<string> errors, int before)
    {
        var publicKey = ImportEc(settings.PublicKey, $"{path}.publicKey", info, expectPrivate: false, errors);
        ECDsa? privateKey = null;
        if (settings.PrivateKey is not null)
        {
            privateKey = ImportEc(settings.PrivateKey, $"{path}.privateKey", info, expectPrivate: true, errors);
            if (publicKey is not null && privateKey is not null && !SamePublicKey(publicKey, privateKey))
            {
                errors.Add($"{path}.privateKey: does not belong to publicKey; configure the matching key pair");
            }
        }

        if (publicKey is null || errors.Count != before)
        {
            return null;
        }

        var verification = new ECDsaSecurityKey(publicKey) { KeyId = kid };
        var signing = privateKey is null ? null : new ECDsaSecurityKey(privateKey) { KeyId = kid };
        return new TokenKey(kid, settings.Algorithm!, verification, signing, settings.NotAfter);
    }

    private static ECDsa? ImportEc(string? reference, string path, TokenAlgorithms.AlgorithmInfo info, bool expectPrivate, List<string> errors)
    {
        if (!SecretReference.TryResolve(reference, out var pem, out var error))
        {
            errors.Add($"{path}: {WithFix(error)}");
            return null;
        }

        var text = System.Text.Encoding.UTF8.GetString(pem!.Span);
        var hasPrivate = text.Contains("PRIVATE KEY", StringComparison.Ordinal);
        if (hasPrivate != expectPrivate)
        {
            errors.Add(expectPrivate
                ? $"{path}: holds no private key; name a PEM file with an EC PRIVATE KEY or PRIVATE KEY block"
                : $"{path}: holds a private key; the gate needs only the public key (PUBLIC KEY block), keep the private key to the signer");
            return null;
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(text);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            errors.Add($"{path}: is not a PEM-encoded EC key ({ex.GetType().Name}); export it with `openssl ec -pubout`");
            return null;
        }

        // The curve must be the one the algorithm names (RFC 7518 §3.4): a brainpool or other
        // curve of the same size is refused rather than silently used.
        var curve = ecdsa.ExportParameters(false).Curve;
        if (ecdsa.KeySize != info.CurveBits || !IsCurve(curve, info.CurveOid))
        {
            ecdsa.Dispose();
            errors.Add($"{path}: the key is not on the curve its algorithm requires; use P-256 for ES256 and P-384 for ES384");
            return null;
        }

        return ecdsa;
    }

    // SecretReference's messages mostly name their fix already; add one where they do not.
    private static string WithFix(string error) =>
        error.Contains(';', StringComparison.Ordinal) ? error : error + "; set it, or point the reference at another env: or file: source";

    private static bool IsCurve(ECCurve curve, string? oid)
    {
        if (!curve.IsNamed || curve.Oid is null)
        {
            return false;
        }

        if (curve.Oid.Value is { } value)
        {
            return string.Equals(value, oid, StringComparison.Ordinal);
        }

        // Some platforms name the curve only by friendly name.
        var expected = oid == P256Oid ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384;
        return string.Equals(curve.Oid.FriendlyName, expected.Oid.FriendlyName, StringComparison.OrdinalIgnoreCase);
    }

    private static bool SamePublicKey(ECDsa a, ECDsa b)
    {
        var pa = a.ExportParameters(false).Q;
        var pb = b.ExportParameters(false).Q;
        return pa.X is not null && pb.X is not null && pa.Y is not null && pb.Y is not null
            && pa.X.AsSpan().SequenceEqual(pb.X) && pa.Y.AsSpan().SequenceEqual(pb.Y);
    }
}
