using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
        Results.Json(new ManagementResponse<T>(status, message, response), ReplyType<T>.Info, statusCode: status);

    /// <summary>An answer without content (<c>"response": null</c>) written by middleware, outside an endpoint.</summary>
    public static Task WriteAsync(HttpResponse response, int status, string message) =>
        response.WriteAsJsonAsync(new ManagementResponse<object?>(status, message, null), ReplyType<object?>.Info);

    /// <summary>The generated metadata of one reply type, looked up once.</summary>
    private static class ReplyType<T>
    {
        public static readonly JsonTypeInfo<ManagementResponse<T>> Info =
            ManagementReplyJsonContext.Default.GetTypeInfo(typeof(ManagementResponse<T>)) as JsonTypeInfo<ManagementResponse<T>>
            ?? throw new InvalidOperationException(
                $"ManagementResponse<{typeof(T).Name}> is not in {nameof(ManagementReplyJsonContext)}; add it there");
    }
}
