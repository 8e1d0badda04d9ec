using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace SecureStream.Proxy.Management;

/// <summary>
/// Reads a management request body (a stream to create, a link to mint): JSON (declared as such, or undeclared as OME allows), at most <see cref="MaxBodyBytes"/>, parsed strictly.
/// Errors name the problem (JSON path, line) but never repeat the body, which may hold a password.
/// </summary>
internal static class StreamRequestReader
{
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<(StreamCreateRequest? Request, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadJsonAsync(request, ManagementJsonContext.Default.StreamCreateRequest, "stream request", cancellationToken);

    /// <summary>Any management request body, under the same rules (media type, size, strict parsing, errors without the body).</summary>
    public static async Task<(T? Request, string? Error)> ReadJsonAsync<T>(
        HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what, CancellationToken cancellationToken)
        where T : class
    {
        // OME reads the body as JSON whatever the header says, and integrators' scripts often send
        // none. A body without Content-Type is read as JSON too; a different media type is refused:
        // a browser can send text/plain or a form to another site without asking first (no CORS
        // preflight), and must not be able to register a camera with a cached management login.
        if (!string.IsNullOrEmpty(request.ContentType) &&
            (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
             !string.Equals(mediaType.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, "Content-Type must be application/json (or left out)");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, $"body larger than {MaxBodyBytes} bytes");
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBodyBytes)
        {
            return (null, $"body larger than {MaxBodyBytes} bytes");
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(buffer.AsSpan(0, length), type);
            return parsed is null ? (null, "body must be a JSON object") : (parsed, null);
        }
        catch (JsonException ex)
        {
            return (null, $"body is not a valid {what} (at {ex.Path ?? "$"}, line {ex.LineNumber + 1})");
        }
    }
}
