using System.Text.Json;

namespace SecureStream.Media.Origin;

/// <summary>
/// One client message of the OME WebSocket protocol (docs/playback.md), read defensively: the
/// command, the offer id it answers, and the answer's SDP text. Anything malformed is
/// <see cref="Malformed"/>, never an exception.
/// </summary>
internal sealed record OmeSignallingMessage(string Command, long? Id, string? Sdp)
{
    public const string RequestOffer = "request_offer";
    public const string Answer = "answer";
    public const string Candidate = "candidate";
    public const string Stop = "stop";

    public static readonly OmeSignallingMessage Malformed = new(string.Empty, null, null);

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

            return new OmeSignallingMessage(command.GetString() ?? string.Empty, id, sdp);
        }
        catch (JsonException)
        {
            return Malformed;
        }
    }
}
