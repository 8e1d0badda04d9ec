namespace SecureStream.Media.WebRtc.Sdp;

/// <summary>Which description a browser sent: a WHEP offer, or the answer to our OME offer. The DTLS role rules differ.</summary>
internal enum BrowserSdpRole
{
    Offer,
    Answer,
}
