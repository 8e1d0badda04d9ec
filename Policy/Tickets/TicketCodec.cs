using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Tickets;

/// <summary>
/// The ticket's wire form: <c>base64url(payload JSON) "." base64url(HMAC-SHA256(key, payload part))</c>.
/// Compact, parsed strictly, MAC checked in constant time before the payload is read.
/// </summary>
internal static class TicketCodec
{
    /// <summary>Tickets are small; anything larger is refused before any work.</summary>
    public const int MaxLength = 4096;

    public static string Encode(InternalTicket ticket, SecretValue key)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("tid", ticket.TicketId);
            writer.WriteString("sid", ticket.SessionId);
            writer.WriteString("cam", ticket.Camera.ToString());
            writer.WriteString("op", ticket.Operator);
            writer.WriteNumber("exp", ticket.ExpiresAt.ToUnixTimeMilliseconds());
            if (ticket.SessionEnd is { } end)
            {
                writer.WriteNumber("end", end.ToUnixTimeMilliseconds());
            }

            writer.WriteString("q", ticket.ForwardedQuery);
            if (ticket.Rendition == CameraRendition.Sub)
            {
                writer.WriteString("r", ticket.Rendition.ToCode());
            }

            if (ticket.AdmittedBy is { } node)
            {
                writer.WriteString("n", node);
            }
            writer.WriteEndObject();
        }

        var payload = Base64Url.EncodeToString(buffer.WrittenSpan);
        var mac = HMACSHA256.HashData(key.Span, Encoding.ASCII.GetBytes(payload));
        return payload + "." + Base64Url.EncodeToString(mac);
    }

    public static bool TryDecode(string? text, SecretValue key, out InternalTicket? ticket)
    {
        ticket = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != text.LastIndexOf('.'))
        {
            return false;
        }

        var payloadPart = text.AsSpan(0, dot);
        Span<byte> presented = stackalloc byte[32];
        if (!Base64Url.IsValid(text.AsSpan(dot + 1)) ||
            Base64Url.DecodeFromChars(text.AsSpan(dot + 1), presented, out _, out var macLength) != System.Buffers.OperationStatus.Done ||
            macLength != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        Span<byte> payloadAscii = payloadPart.Length <= 1024 ? stackalloc byte[payloadPart.Length] : new byte[payloadPart.Length];
        for (var i = 0; i < payloadPart.Length; i++)
        {
            if (payloadPart[i] > 0x7F)
            {
                return false;
            }

            payloadAscii[i] = (byte)payloadPart[i];
        }

        HMACSHA256.HashData(key.Span, payloadAscii, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return false;
        }

        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(payloadPart);
        }
        catch (FormatException)
        {
            return false;
        }

        return TryReadPayload(json, out ticket);
    }

    private static bool TryReadPayload(byte[] json, out InternalTicket? ticket)
    {
        ticket = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("v", out var version) || version.GetInt32() != 1 ||
                !CameraPath.TryParse(root.GetProperty("cam").GetString(), out var camera))
            {
                return false;
            }

            DateTimeOffset? end = root.TryGetProperty("end", out var endElement)
                ? DateTimeOffset.FromUnixTimeMilliseconds(endElement.GetInt64())
                : null;
            ticket = new InternalTicket(
                root.GetProperty("tid").GetString() ?? string.Empty,
                root.GetProperty("sid").GetString() ?? string.Empty,
                camera,
                root.GetProperty("op").GetString() ?? string.Empty,
                DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("exp").GetInt64()),
                end,
                root.GetProperty("q").GetString() ?? string.Empty)
            {
                Rendition = root.TryGetProperty("r", out var rendition) && rendition.GetString() == "sub" ? CameraRendition.Sub : CameraRendition.Main,
                AdmittedBy = root.TryGetProperty("n", out var node) ? node.GetString() : null,
            };
            return ticket.TicketId.Length > 0 && ticket.SessionId.Length > 0 &&
                (ticket.AdmittedBy is null || SecureStream.Policy.Audit.NodeIdRule.IsValid(ticket.AdmittedBy));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // Only reachable with a valid MAC, i.e. a ticket we minted ourselves in another version.
            return false;
        }
    }
}
