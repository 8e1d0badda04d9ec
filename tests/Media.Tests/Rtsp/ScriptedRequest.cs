namespace SecureStream.Media.Tests.Rtsp;

/// <summary>A request as the scripted camera received it.</summary>
internal sealed record ScriptedRequest(string Method, string Uri, IReadOnlyDictionary<string, string> Headers, int CSeq)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
