using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SecureStream.ViewerClient;

/// <summary>
/// Requests and replies of the Janus HTTP API (janus.transport.http, Janus 1.1) for a streaming
/// plugin viewer: <c>create</c> a session, <c>attach</c> janus.plugin.streaming, <c>message</c>
/// <c>watch</c> (the offer then arrives as an event) and <c>start</c> with the answer,
/// <c>keepalive</c>, <c>destroy</c>. Every request carries a transaction id. Replies are read
/// without throwing: malformed JSON is a failed read.
/// </summary>
internal static class JanusMessages
{
    public const string StreamingPlugin = "janus.plugin.streaming";

    public static byte[] Create(string transaction) => Write(transaction, "create", null);

    public static byte[] Attach(string transaction) => Write(transaction, "attach", w => w.WriteString("plugin", StreamingPlugin));

    public static byte[] Watch(string transaction, long mountpoint) => Write(transaction, "message", w =>
    {
        w.WriteStartObject("body");
        w.WriteString("request", "watch");
        w.WriteNumber("id", mountpoint);
        w.WriteEndObject();
    });

    public static byte[] Start(string transaction, string answer) => Write(transaction, "message", w =>
    {
        w.WriteStartObject("body");
        w.WriteString("request", "start");
        w.WriteEndObject();
        w.WriteStartObject("jsep");
        w.WriteString("type", "answer");
        w.WriteString("sdp", answer);
        w.WriteEndObject();
    });

    /// <summary>A trickled candidate, then (<paramref name="candidate"/> null) <c>{"completed": true}</c>.</summary>
    public static byte[] Trickle(string transaction, string? candidate, string mid) => Write(transaction, "trickle", w =>
    {
        w.WriteStartObject("candidate");
        if (candidate is null)
        {
            w.WriteBoolean("completed", true);
        }
        else
        {
            w.WriteString("candidate", candidate);
            w.WriteString("sdpMid", mid);
            w.WriteNumber("sdpMLineIndex", 0);
        }

        w.WriteEndObject();
    });

    public static byte[] KeepAlive(string transaction) => Write(transaction, "keepalive", null);

    public static byte[] Destroy(string transaction) => Write(transaction, "destroy", null);

    /// <summary>Reads one reply (an object; a long poll with <c>maxev=1</c> answers one object too).</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out JanusReply? reply)
    {
        reply = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() == 0)
                {
                    return false;
                }

                root = root[0];
            }

            if (root.ValueKind != JsonValueKind.Object || String(root, "janus") is not { } kind)
            {
                return false;
            }

            long? id = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var value) ? value : null;
            string? jsepType = null, jsepSdp = null;
            if (root.TryGetProperty("jsep", out var jsep) && jsep.ValueKind == JsonValueKind.Object)
            {
                jsepType = String(jsep, "type");
                jsepSdp = String(jsep, "sdp");
            }

            int? errorCode = null;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.TryGetInt32(out var number))
            {
                errorCode = number;
            }
            else if (root.TryGetProperty("plugindata", out var pluginData) && pluginData.ValueKind == JsonValueKind.Object
                && pluginData.TryGetProperty("data", out var pluginBody) && pluginBody.ValueKind == JsonValueKind.Object
                && pluginBody.TryGetProperty("error_code", out var pluginCode) && pluginCode.TryGetInt32(out var pluginNumber))
            {
                errorCode = pluginNumber;
            }

            reply = new JanusReply(kind, String(root, "transaction"), id, jsepType, jsepSdp, errorCode);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Write(string transaction, string kind, Action<Utf8JsonWriter>? body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("janus", kind);
            writer.WriteString("transaction", transaction);
            body?.Invoke(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
