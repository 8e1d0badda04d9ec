using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Gate;

/// <summary>Source-generated serialisation for the gate's answers (no reflection on the hot path).</summary>
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(WebSocketError))]
internal sealed partial class GateJsonContext : JsonSerializerContext;
