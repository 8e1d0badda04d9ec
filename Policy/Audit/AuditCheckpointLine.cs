using System.Text.Json;

namespace SecureStream.Policy.Audit;

/// <summary>The fields of an <c>audit.checkpoint</c> journal line, as read back by <c>verify-audit</c>.</summary>
internal sealed record AuditCheckpointLine(
    long Seq, string Time, string Reason, long HeadSeq, string HeadHash, string File, long FileFirstSeq, string KeyId, string Mac, string Hash, string? Node)
{
    /// <summary>True when the line's <c>type</c> is <c>audit.checkpoint</c> (values cannot fake it: a raw quote in a value is always escaped).</summary>
    public static bool IsCheckpoint(ReadOnlySpan<byte> line) => line.IndexOf(",\"type\":\"audit.checkpoint\","u8) >= 0;

    /// <summary>Reads the fields of a line that already checked out (<see cref="AuditChain.TryReadLine"/>); null when any is missing.</summary>
    public static AuditCheckpointLine? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            return new AuditCheckpointLine(
                root.GetProperty("seq").GetInt64(),
                root.GetProperty("time").GetString()!,
                root.GetProperty("reason").GetString()!,
                root.GetProperty("head_seq").GetInt64(),
                root.GetProperty("head_hash").GetString()!,
                root.GetProperty("file").GetString()!,
                root.GetProperty("file_first_seq").GetInt64(),
                root.GetProperty("key_id").GetString()!,
                root.GetProperty("mac").GetString()!,
                root.GetProperty("hash").GetString()!,
                root.TryGetProperty("node", out var node) ? node.GetString() : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Null when the MAC checks out under <paramref name="key"/>; otherwise what is wrong.</summary>
    public string? CheckMac(AuditCheckpointKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Verify(Mac, Seq, Time, Reason, HeadSeq, HeadHash, File, FileFirstSeq, Node))
        {
            return null;
        }

        return KeyId == key.KeyId
            ? "its signature (mac) is invalid: the checkpoint was forged or altered"
            : "it was signed with key " + KeyId + ", not the given key (" + key.KeyId + "): the wrong key was given, or the checkpoint was forged";
    }
}
