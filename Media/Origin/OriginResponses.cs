using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SecureStream.Media.Origin;

/// <summary>Writes an <see cref="OriginRefusal"/> as an RFC 9457 problem document, the shape the front door uses too.</summary>
internal static class OriginResponses
{
    public static async Task WriteProblemAsync(HttpContext context, OriginRefusal refusal)
    {
        var response = context.Response;
        response.StatusCode = refusal.Status;
        response.ContentType = "application/problem+json";
        response.Headers.CacheControl = "no-store";
        if (refusal.Status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "2";
        }

        // Serialised first so the answer carries its Content-Length: a chunked body would end with
        // a separate terminating chunk, one more send and one more wake-up of the front door that
        // relays it (docs/benchmarks/admissions.md, "CPU by component").
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("type", "https://securestream.dev/reasons/" + refusal.Reason);
            json.WriteString("title", ReasonPhrases.GetReasonPhrase(refusal.Status));
            json.WriteNumber("status", refusal.Status);
            json.WriteString("reason", refusal.Reason);
            json.WriteEndObject();
        }

        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }
}
