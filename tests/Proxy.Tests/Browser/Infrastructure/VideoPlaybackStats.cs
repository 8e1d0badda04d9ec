namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>What a page's newest live peer connection and its video element say about playback at one moment.</summary>
/// <param name="PeerConnections">Peer connections the page created (closed ones included).</param>
/// <param name="ConnectionState">The newest open one's <c>connectionState</c>, or null when there is none.</param>
/// <param name="FramesDecoded">The inbound-rtp video stream's <c>framesDecoded</c> (0 when none).</param>
/// <param name="FrameWidth">The inbound-rtp video stream's <c>frameWidth</c>.</param>
/// <param name="FrameHeight">The inbound-rtp video stream's <c>frameHeight</c>.</param>
/// <param name="VideoWidth">The video element's <c>videoWidth</c> (0 when it shows nothing).</param>
/// <param name="VideoHeight">The video element's <c>videoHeight</c>.</param>
/// <param name="HasSource">Whether the video element has a <c>srcObject</c>.</param>
/// <param name="CandidateProtocol">The selected ICE candidate pair's local protocol, <c>udp</c> or <c>tcp</c>, or null before one is selected.</param>
public sealed record VideoPlaybackStats(
    int PeerConnections,
    string? ConnectionState,
    long FramesDecoded,
    int FrameWidth,
    int FrameHeight,
    int VideoWidth,
    int VideoHeight,
    bool HasSource,
    string? CandidateProtocol);
