using System.Text;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>What the loopback receiver does after it has read a request.</summary>
internal sealed record ScriptedResponse
{
    public ScriptedMode Mode { get; init; } = ScriptedMode.Answer;

    public int Status { get; init; } = 200;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    /// <summary>Send no Content-Length; the body then ends when the connection closes.</summary>
    public bool OmitContentLength { get; init; }

    /// <summary>When set, the answer waits until this task completes (a slow receiver without timing).</summary>
    public Task? Gate { get; init; }

    public static ScriptedResponse Json(string json, int status = 200) => new()
    {
        Status = status,
        Headers = [new("Content-Type", "application/json")],
        Body = Encoding.UTF8.GetBytes(json),
    };

    public static ScriptedResponse Raw(int status, string contentType, byte[] body) => new()
    {
        Status = status,
        Headers = [new("Content-Type", contentType)],
        Body = body,
    };

    public static readonly ScriptedResponse NeverAnswer = new() { Mode = ScriptedMode.NeverAnswer };

    public static readonly ScriptedResponse CloseImmediately = new() { Mode = ScriptedMode.CloseImmediately };
}
