using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>OME's REST response wrapper.</summary>
internal sealed record ManagementResponse<T>(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("response")] T Response);

/// <summary>The management API's answers, each in OME's wrapper with its status in the body and on the response.</summary>
internal static class ManagementReply
{
    public static IResult With<T>(int status, string message, T response) =>
        Results.Json(new ManagementResponse<T>(status, message, response), statusCode: status);
}
