using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecureStream.Policy.PolicyFile;

/// <summary>
/// Source-generated metadata for policy.json, so reading it needs no reflection (a trimmed gateway
/// has none: docs/benchmarks/memory-and-startup.md, "A trimmed gateway"). The reading rules
/// (strict, comments allowed) are <see cref="PolicyFileLoader"/>'s options, which use this as
/// their resolver. The sections' properties with a default are settable, not init-only: generated
/// code sets init-only properties in the object initializer, so a key left out of the file would
/// get <c>default</c> instead of the property's default (PolicyFileJsonContextTests guards it).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PolicyFileDocument))]
internal sealed partial class PolicyFileJsonContext : JsonSerializerContext;
