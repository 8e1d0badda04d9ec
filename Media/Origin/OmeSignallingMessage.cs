using System.Text.Json;

namespace SecureStream.Media.Origin;

/// <summary>
/// One client message of the OME WebSocket protocol (docs/playback.md), read defensively: the
/// command, the offer id it answers, the answer's SDP text, and the candidate lines of a
/// <c>candidate</c> message. Anything malformed is <see cref="Malformed"/>, never an exception.
/// </summary>
internal sealed record OmeSignallingMessage(string Command, long? Id, string? Sdp)
{
    public const string RequestOffer = "request_offer";
    public const string Answer = "answer";
    public const string Candidate = "candidate";
    public const string Stop = "stop";

    /// <summary>Candidate lines one message may carry; the rest are ignored (a browser gathers a handful).</summary>
    public const int MaxCandidates = 32;

    public static readonly OmeSignallingMessage Malformed = new(string.Empty, null, null);

    /// <summary>
    /// The <c>candidate</c> strings of a candidate message (<c>"candidates": [{"candidate": "candidate:…"}]</c>),
    /// at most <see cref="MaxCandidates"/>; only to tell the path the player's checks later take.
    /// </summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    public bool IsMalformed => Command.Length == 0;

    public static OmeSignallingMessage Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String)
            {
                return Malformed;
            }

            long? id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var parsed)
                ? parsed
                : null;
            string? sdp = null;
            if (root.TryGetProperty("sdp", out var sdpElement) && sdpElement.ValueKind == JsonValueKind.Object &&
                sdpElement.TryGetProperty("sdp", out var text) && text.ValueKind == JsonValueKind.String)
            {
                sdp = text.GetString();
            }

            return new OmeSignallingMessage(command.GetString() ?? string.Empty, id, sdp) { Candidates = ReadCandidates(root) };
        }
        catch (JsonException)
        {
            return Malformed;
        }
    }

    private static List<string> ReadCandidates(JsonElement root)
    {
        var candidates = new List<string>();
        if (!root.TryGetProperty("candidates", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return candidates;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (candidates.Count == MaxCandidates)
            {
                break;
            }

            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("candidate", out var candidate) && candidate.ValueKind == JsonValueKind.String)
            {
                candidates.Add(candidate.GetString()!);
            }
        }

        return candidates;
    }
}
