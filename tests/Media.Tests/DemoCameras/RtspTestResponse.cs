namespace SecureStream.Media.Tests.DemoCameras;

internal sealed record RtspTestResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
