namespace SecureStream.Media.Sdp;

/// <summary>
/// One <c>a=</c> line as written (RFC 8866 §5.13): <c>a=&lt;name&gt;</c> (a flag; <see cref="Value"/>
/// empty) or <c>a=&lt;name&gt;:&lt;value&gt;</c>. Kept raw so that readers of other attributes
/// (WebRTC's ice-ufrag, fingerprint, setup, mid, group, rtcp-fb…) use this one parser.
/// </summary>
internal sealed record SdpAttribute(string Name, string Value);
