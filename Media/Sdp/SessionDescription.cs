namespace SecureStream.Media.Sdp;

/// <summary>A parsed camera session description: the session-level control URL and its media sections.</summary>
internal sealed record SessionDescription(string? Control, IReadOnlyList<SdpMediaDescription> Media);
