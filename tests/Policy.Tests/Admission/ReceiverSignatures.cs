using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>What a webhook receiver computes to check our headers, written independently of the production signer.</summary>
internal static class ReceiverSignatures
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "The OME receiver protocol verifies HMAC-SHA1.")]
    public static string Ome(string secret, byte[] body) =>
        Base64Url.EncodeToString(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string Timestamped(string secret, long unixSeconds, byte[] body)
    {
        var t = unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        byte[] message = [.. Encoding.ASCII.GetBytes(t + "."), .. body];
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message))}";
    }
}
