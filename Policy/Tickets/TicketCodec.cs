using System.Buffers;
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
        // One ticket per admission: the JSON goes into this thread's reused buffer, and the wire
        // form is assembled as ASCII in one span and turned into a string once.
        var buffer = t_payload ??= new System.Buffers.ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
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
            writer.Flush();
        }

        var json = buffer.WrittenSpan;
        var payloadLength = Base64Url.GetEncodedLength(json.Length);
        var length = payloadLength + 1 + Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes);
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> wire = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        Base64Url.EncodeToUtf8(json, wire);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key.Span, wire[..payloadLength], mac);
        wire[payloadLength] = (byte)'.';
        Base64Url.EncodeToUtf8(mac, wire[(payloadLength + 1)..]);
        var text = Encoding.ASCII.GetString(wire);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true); // a ticket is a credential for the origin
        }

        return text;
    }

    [ThreadStatic]
    private static System.Buffers.ArrayBufferWriter<byte>? t_payload;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

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
