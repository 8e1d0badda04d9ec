using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecureStream.Policy.Audit;

/// <summary>
/// The key that signs the journal's checkpoints (HMAC-SHA256) and the one definition of what is
/// signed, shared by the journal and <c>verify-audit</c>. <see cref="ToString"/> never shows the key.
/// </summary>
/// <remarks>
/// Security invariant: the MAC covers the checkpoint's own <c>seq</c> and <c>time</c>, its
/// <c>reason</c>, the head it vouches for (<c>head_seq</c>, <c>head_hash</c>) and the file
/// (<c>file</c>, <c>file_first_seq</c>), so none of them can be moved or edited without the key.
/// The message is <c>securestream.audit.checkpoint.v1</c> and those seven values, each on its own
/// line (LF), as written in the journal line. A checkpoint of a journal with node ids also binds the
/// node that wrote it: the message is then <c>securestream.audit.checkpoint.v2</c>, the seven values
/// and the <c>node</c>, so a checkpoint cannot be moved to another node's journal, nor its node
/// edited or removed, without the key (removing it makes the verifier check a v1 MAC, which fails).
/// </remarks>
internal sealed class AuditCheckpointKey
{
    private readonly byte[] _key;

    /// <summary>Wraps the key bytes (copied).</summary>
    public AuditCheckpointKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumLength)
        {
            throw new ArgumentException("the checkpoint key is shorter than 16 bytes", nameof(key));
        }

        _key = key.ToArray();
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData([.. "securestream.audit.checkpoint-key-id\n"u8, .. _key], digest);
        KeyId = Convert.ToHexStringLower(digest[..8]);
    }

    /// <summary>Shortest key accepted, in bytes.</summary>
    public const int MinimumLength = 16;

    /// <summary>A public fingerprint of the key (16 hex digits), so a wrong key is told apart from a forged checkpoint.</summary>
    public string KeyId { get; }

    /// <summary>The MAC (64 lowercase hex digits) of one checkpoint; see the type's remarks.</summary>
    public string Sign(long seq, string time, string reason, long headSeq, string headHash, string file, long fileFirstSeq, string? node)
    {
        var message = node is null
            ? string.Create(CultureInfo.InvariantCulture,
                $"securestream.audit.checkpoint.v1\n{seq}\n{time}\n{reason}\n{headSeq}\n{headHash}\n{file}\n{fileFirstSeq}")
            : string.Create(CultureInfo.InvariantCulture,
                $"securestream.audit.checkpoint.v2\n{seq}\n{time}\n{reason}\n{headSeq}\n{headHash}\n{file}\n{fileFirstSeq}\n{node}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(message)));
    }

    /// <summary>Checks <paramref name="mac"/> in constant time.</summary>
    public bool Verify(string mac, long seq, string time, string reason, long headSeq, string headHash, string file, long fileFirstSeq, string? node) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(seq, time, reason, headSeq, headHash, file, fileFirstSeq, node)),
            Encoding.ASCII.GetBytes(mac));

    /// <inheritdoc />
    public override string ToString() => "audit checkpoint key " + KeyId;
}
