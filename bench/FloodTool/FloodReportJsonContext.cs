using System.Text.Json.Serialization;

namespace SecureStream.FloodTool;

[JsonSerializable(typeof(FloodReport))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class FloodReportJsonContext : JsonSerializerContext;
