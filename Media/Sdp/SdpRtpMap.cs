namespace SecureStream.Media.Sdp;

/// <summary>One <c>a=rtpmap</c> (RFC 8866 §6.6): payload type → encoding name, clock rate, channels.</summary>
internal sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int Channels);
