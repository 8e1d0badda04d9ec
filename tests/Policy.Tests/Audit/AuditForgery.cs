using System.Security.Cryptography;
using System.Text;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

/// <summary>What an attacker who can write the files does: re-chain edited lines so each file verifies on its own.</summary>
internal static class AuditForgery
{
    /// <summary>Recomputes prev and hash of every line, starting from <paramref name="prevHex"/>.</summary>
    public static List<string> Rechain(IEnumerable<string> lines, string prevHex)
    {
        var result = new List<string>();
        foreach (var line in lines)
        {
            // body = everything before ,"hash":"…"} ; it ends in "prev":"<64 hex>"
            var body = line[..^AuditChain.TailLength];
            body = body[..^(AuditChain.HexLength + 1)] + prevHex + "\"";
            var hash = Convert.ToHexStringLower(SHA256.HashData([.. Convert.FromHexString(prevHex), .. Encoding.ASCII.GetBytes(body)]));
            result.Add(body + ",\"hash\":\"" + hash + "\"}");
            prevHex = hash;
        }

        return result;
    }

    /// <summary>The <c>hash</c> of a journal line.</summary>
    public static string HashOf(string line) => line[^(AuditChain.HexLength + 2)..^2];

    /// <summary>The <c>prev</c> of a journal line.</summary>
    public static string PrevOf(string line)
    {
        var body = line[..^AuditChain.TailLength];
        return body[^(AuditChain.HexLength + 1)..^1];
    }

    /// <summary>Writes lines with LF endings, as the journal does.</summary>
    public static void Write(string path, IEnumerable<string> lines) => File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
}
