using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SecureStream.Policy.Admission;

/// <summary>
/// Writes webhook request bodies byte for byte in OME's shape (docs/webhooks.md): key
/// order <c>client{address, port, real_ip?, user_agent?}</c>, <c>request{direction, protocol,
/// status, time, url, new_url?}</c>. The signature covers these exact bytes, so the writer is
/// deterministic: no indentation, fixed key order, fixed time format.
/// </summary>
internal static class AdmissionBody
{
    // The body is posted to a server and never embedded in HTML, so HTML-sensitive characters
    // (& < > ' +) need no escaping; the URL's '&' then stays readable, as OME writes it. Quotes,
    // backslashes and control characters are still escaped, so no value can break the JSON.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>The <c>opening</c> body.</summary>
    public static byte[] Opening(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            WriteClient(writer, request.ClientAddress, request.ClientPort, request.RealIp, request.UserAgent);
            WriteRequestStart(writer, "opening", request.Time, request.Url);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The <c>closing</c> body. Ours: <c>session_id</c>, <c>duration_ms</c> and <c>bytes_sent</c>
    /// follow <c>url</c>/<c>new_url</c> inside <c>"request"</c>, where OME receivers ignore them.
    /// </summary>
    public static byte[] Closing(ClosingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(640);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            WriteClient(writer, request.ClientAddress, request.ClientPort, request.RealIp, request.UserAgent);
            WriteRequestStart(writer, "closing", request.Time, request.Url);
            if (!string.IsNullOrEmpty(request.NewUrl))
            {
                writer.WriteString("new_url", request.NewUrl);
            }

            writer.WriteString("session_id", request.SessionId);
            writer.WriteNumber("duration_ms", request.DurationMs);
            writer.WriteNumber("bytes_sent", request.BytesSent);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>ISO-8601 with milliseconds and a numeric offset, e.g. <c>2026-01-01T00:00:00.000+00:00</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static void WriteClient(Utf8JsonWriter writer, string address, int port, string? realIp, string? userAgent)
    {
        writer.WriteStartObject("client");
        writer.WriteString("address", address);
        writer.WriteNumber("port", port);
        if (!string.IsNullOrEmpty(realIp))
        {
            writer.WriteString("real_ip", realIp);
        }

        if (userAgent is not null)
        {
            writer.WriteString("user_agent", userAgent);
        }

        writer.WriteEndObject();
    }

    private static void WriteRequestStart(Utf8JsonWriter writer, string status, DateTimeOffset time, string url)
    {
        writer.WriteStartObject("request");
        writer.WriteString("direction", "outgoing");
        writer.WriteString("protocol", "WebRTC");
        writer.WriteString("status", status);
        writer.WriteString("time", FormatTime(time));
        writer.WriteString("url", url);
    }
}
