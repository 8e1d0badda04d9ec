using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureStream.Proxy.Management;

/// <summary>
/// Source-generated JSON for the management API's replies (<see cref="ManagementReply"/>), with
/// ASP.NET Core's web defaults (camelCase, no escaping beyond the default encoder's), so a reply
/// needs no reflection (a trimmed gateway has none: docs/benchmarks/memory-and-startup.md, "A
/// trimmed gateway"). Every <c>ManagementResponse&lt;T&gt;</c> an endpoint answers with is listed
/// here; a missing one fails its endpoint's tests loudly rather than falling back to reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ManagementResponse<object>))]
[JsonSerializable(typeof(ManagementResponse<IReadOnlyList<string>>))]
[JsonSerializable(typeof(ManagementResponse<List<string>>))]
[JsonSerializable(typeof(ManagementResponse<VirtualHostView>))]
[JsonSerializable(typeof(ManagementResponse<ApplicationView>))]
[JsonSerializable(typeof(ManagementResponse<StatsView>))]
[JsonSerializable(typeof(ManagementResponse<StreamView>))]
[JsonSerializable(typeof(ManagementResponse<StreamView[]>))]
[JsonSerializable(typeof(ManagementResponse<List<ConsoleCameraView>>))]
[JsonSerializable(typeof(ManagementResponse<ConsoleDenialsView>))]
[JsonSerializable(typeof(ManagementResponse<AuditSearchView>))]
[JsonSerializable(typeof(ManagementResponse<ConsoleLinkView>))]
[JsonSerializable(typeof(ManagementResponse<List<SessionView>>))]
[JsonSerializable(typeof(ManagementResponse<PolicyStatusView>))]
[JsonSerializable(typeof(ManagementResponse<IReadOnlyList<LockoutView>>))]
internal sealed partial class ManagementReplyJsonContext : JsonSerializerContext;
