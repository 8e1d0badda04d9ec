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

        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("type", "https://securestream.dev/reasons/" + refusal.Reason);
        json.WriteString("title", ReasonPhrases.GetReasonPhrase(refusal.Status));
        json.WriteNumber("status", refusal.Status);
        json.WriteString("reason", refusal.Reason);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
