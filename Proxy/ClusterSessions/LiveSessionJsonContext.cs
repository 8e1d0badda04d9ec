using System.Text.Json.Serialization;
using SecureStream.Proxy.Management;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// Source-generated JSON for the live session records a front door keeps in Redis
/// (<see cref="LiveSessionDirectory"/>): the serializer's default options, which every node of a
/// cluster reads and writes alike, without reflection.
/// </summary>
[JsonSerializable(typeof(SessionView))]
internal sealed partial class LiveSessionJsonContext : JsonSerializerContext;
