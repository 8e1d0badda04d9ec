namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>What a page's newest live peer connection receives, from its <c>inbound-rtp</c> and <c>codec</c> stats at one moment.</summary>
/// <param name="VideoCodec">The video stream's codec <c>mimeType</c> (<c>video/H264</c>, <c>video/H265</c>…), or null before there is one.</param>
/// <param name="FramesDecoded">The video stream's <c>framesDecoded</c> (0 when none).</param>
/// <param name="FrameWidth">The video stream's <c>frameWidth</c> (0 before a frame is decoded).</param>
/// <param name="FrameHeight">The video stream's <c>frameHeight</c>.</param>
/// <param name="AudioCodec">The audio stream's codec <c>mimeType</c> (<c>audio/opus</c>, <c>audio/PCMU</c>…), or null before there is one.</param>
/// <param name="AudioPacketsReceived">The audio stream's <c>packetsReceived</c>.</param>
/// <param name="TotalAudioEnergy">The audio stream's <c>totalAudioEnergy</c>: it rises only while the decoded audio carries sound.</param>
/// <param name="TotalSamplesReceived">The audio stream's <c>totalSamplesReceived</c> (samples decoded and played out).</param>
public sealed record InboundRtpStats(
    string? VideoCodec,
    long FramesDecoded,
    int FrameWidth,
    int FrameHeight,
    string? AudioCodec,
    long AudioPacketsReceived,
    double TotalAudioEnergy,
    long TotalSamplesReceived);
