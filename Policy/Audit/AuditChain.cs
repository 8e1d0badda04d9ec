using System.Security.Cryptography;
using System.Text.Json;

namespace SecureStream.Policy.Audit;

/// <summary>
/// The one definition of a journal line and its hash chain, shared by the writer
/// (<see cref="AuditJournal"/>) and the checker (<see cref="AuditVerifier"/>) so they cannot
/// disagree.
/// </summary>
/// <remarks>
/// <para>A line is printable ASCII (0x20–0x7E; the JSON encoder escapes everything else) ending in
/// LF, holding one JSON object whose first property is <c>"seq"</c> (1, 2, 3… with no gap) and
/// whose last two are <c>"prev"</c> and <c>"hash"</c>, each 64 lowercase hex digits:</para>
/// <code>{"seq":N,"time":"…","type":"…",…fields…,"prev":"&lt;64 hex&gt;","hash":"&lt;64 hex&gt;"}\n</code>
/// <para><b>Canonical bytes.</b> The line ends with exactly the 75 bytes
/// <c>,"hash":"</c> + 64 hex + <c>"}</c> (then LF). The <i>body</i> is every byte of the line before
/// that tail, i.e. from <c>{</c> through the closing quote of the <c>prev</c> value.
/// <c>hash = SHA-256(prev ‖ body)</c>, where <c>prev</c> is the 32 raw bytes of the previous line's
/// hash (32 zero bytes for seq 1) and the body is taken as written, byte for byte: nothing is
/// re-serialised or normalised before hashing.</para>
/// <para>The envelope's optional <c>"node"</c> (the writing node's id, docs/audit.md) is part of the
/// body like every other field, so it is covered by the hash; lines written before node ids have none.</para>
/// <para>Security invariant: an edit to any byte of a line changes its hash; removing or moving a
/// line breaks <c>seq</c> continuity or the next line's <c>prev</c>. The chain is unkeyed, so
/// someone who can rewrite the file can rewrite everything after an edit, and dropping the
/// newest lines leaves a valid shorter chain: the signed checkpoints (<see cref="AuditCheckpointRecord"/>,
/// also kept in the checkpoint file) and the copy of each record in Seq (which carries
/// <c>seq</c> and <c>hash</c>) are the anchors that expose both.</para>
/// </remarks>
internal static class AuditChain
{
    /// <summary>Bytes in a SHA-256 hash.</summary>
    public const int HashSize = 32;

    /// <summary>Hex digits in a hash.</summary>
    public const int HexLength = HashSize * 2;

    /// <summary>Length of <c>,"hash":"</c> + 64 hex + <c>"}</c>.</summary>
    public const int TailLength = 9 + HexLength + 2;

    private static ReadOnlySpan<byte> TailPrefix => ",\"hash\":\""u8;

    private static ReadOnlySpan<byte> TailSuffix => "\"}"u8;

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>The <c>prev</c> of the first line: 64 zeros.</summary>
    public static string ZeroHashHex { get; } = new('0', HexLength);

    /// <summary>hash = SHA-256(prev ‖ body); see the type's remarks for the canonical bytes.</summary>
    public static void ComputeHash(ReadOnlySpan<byte> prev, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ComputeHash(sha, prev, body, destination);
    }

    /// <summary>
    /// As <see cref="ComputeHash(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> with a
    /// SHA-256 <paramref name="sha256"/> the caller owns and reuses (left reset): the journal's one
    /// writer loop hashes every line, and creating a hash context per line cost more than hashing it.
    /// </summary>
    public static void ComputeHash(IncrementalHash sha256, ReadOnlySpan<byte> prev, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        sha256.AppendData(prev);
        sha256.AppendData(body);
        sha256.GetHashAndReset(destination);
    }

    /// <summary>Writes the 75-byte tail for <paramref name="hash"/> (without the LF).</summary>
    public static void WriteTail(ReadOnlySpan<byte> hash, Span<byte> destination)
    {
        TailPrefix.CopyTo(destination);
        WriteHex(hash, destination.Slice(TailPrefix.Length, HexLength));
        TailSuffix.CopyTo(destination[(TailPrefix.Length + HexLength)..]);
    }

    /// <summary>Lowercase hex of <paramref name="bytes"/>, as UTF-8.</summary>
    public static void WriteHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = HexDigits[bytes[i] >> 4];
            destination[(2 * i) + 1] = HexDigits[bytes[i] & 0xF];
        }
    }

    /// <summary>
    /// Checks one line (without its LF) on its own: shape, canonical tail, and that its hash
    /// matches its body and its own <c>prev</c>. Chain continuity (seq + 1, prev = previous hash)
    /// is the caller's check. Never throws; <paramref name="problem"/> is a constant text.
    /// </summary>
    public static bool TryReadLine(ReadOnlySpan<byte> line, out long seq, Span<byte> prev, Span<byte> hash, out string problem) =>
        TryReadLine(line, out seq, prev, hash, out _, out problem);

    /// <summary>
    /// As <see cref="TryReadLine(ReadOnlySpan{byte}, out long, Span{byte}, Span{byte}, out string)"/>, also
    /// giving where the envelope's <c>time</c> and <c>node</c> values are in the line (an empty range
    /// when absent), so a reader can take them without parsing the line again.
    /// </summary>
    public static bool TryReadLine(ReadOnlySpan<byte> line, out long seq, Span<byte> prev, Span<byte> hash, out AuditLineEnvelope envelope, out string problem)
    {
        seq = 0;
        envelope = default;
        foreach (var b in line)
        {
            if (b is < 0x20 or > 0x7E)
            {
                problem = "contains a raw control or non-ASCII byte (not written by the journal)";
                return false;
            }
        }

        if (line.Length <= TailLength
            || !line[^TailLength..].StartsWith(TailPrefix)
            || !line.EndsWith(TailSuffix)
            || !TryParseHex(line.Slice(line.Length - TailLength + TailPrefix.Length, HexLength), hash))
        {
            problem = "does not end with a well-formed \"hash\" (truncated or altered)";
            return false;
        }

        if (!TryReadShape(line, out seq, prev, out envelope, out problem))
        {
            return false;
        }

        Span<byte> computed = stackalloc byte[HashSize];
        ComputeHash(prev, line[..^TailLength], computed);
        if (!CryptographicOperations.FixedTimeEquals(computed, hash))
        {
            problem = "hash does not match the line's content (the record was altered)";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    private static bool TryReadShape(ReadOnlySpan<byte> line, out long seq, Span<byte> prev, out AuditLineEnvelope envelope, out string problem)
    {
        seq = 0;
        envelope = default;
        Range time = default;
        Range node = default;
        problem = "is not a single JSON object of plain values";
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 2 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("seq"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out seq) || seq < 1)
            {
                problem = "does not start with a positive \"seq\"";
                return false;
            }

            var sawPrev = false;
            var lastWasPrev = false;
            var lastWasHash = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    return false;
                }

                var isPrev = reader.ValueTextEquals("prev"u8);
                var isHash = reader.ValueTextEquals("hash"u8);
                var isTime = reader.ValueTextEquals("time"u8);
                var isNode = reader.ValueTextEquals("node"u8);
                if (reader.ValueTextEquals("seq"u8) || (isPrev && sawPrev) || (isHash && lastWasHash)
                    || (isTime && !time.Equals(default(Range))) || (isNode && !node.Equals(default(Range))))
                {
                    problem = "repeats an envelope property";
                    return false;
                }

                if (!reader.Read() || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    return false;
                }

                if (isPrev && (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !TryParseHex(reader.ValueSpan, prev)))
                {
                    problem = "has a malformed \"prev\"";
                    return false;
                }

                if (isNode && (reader.TokenType != JsonTokenType.String || reader.ValueSpan.IsEmpty))
                {
                    problem = "has a malformed \"node\"";
                    return false;
                }

                if ((isTime || isNode) && reader.TokenType == JsonTokenType.String)
                {
                    // The raw value between the quotes (as written, escapes and all): a slice of the line.
                    var start = (int)reader.TokenStartIndex + 1;
                    var range = new Range(start, start + reader.ValueSpan.Length);
                    time = isTime ? range : time;
                    node = isNode ? range : node;
                }

                sawPrev |= isPrev;
                lastWasHash = isHash && lastWasPrev;
                lastWasPrev = isPrev;
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || !lastWasHash)
            {
                problem = "does not end with \"prev\" then \"hash\"";
                return false;
            }

            envelope = new AuditLineEnvelope(time, node);
            return true;
        }
        catch (JsonException)
        {
            problem = "is not valid JSON";
            return false;
        }
    }

    private static bool TryParseHex(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        if (hex.Length != HexLength)
        {
            return false;
        }

        for (var i = 0; i < HashSize; i++)
        {
            var high = HexDigits.IndexOf(hex[2 * i]);
            var low = HexDigits.IndexOf(hex[(2 * i) + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }
}
