namespace SecureStream.Media.Rtsp;

/// <summary>One header line as received: name and value with surrounding white space removed.</summary>
internal readonly record struct RtspHeader(string Name, string Value);
