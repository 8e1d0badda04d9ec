using System.Globalization;
using System.Text;

namespace SecureStream.DemoCameras;

/// <summary>
/// The DESCRIBE answer (RFC 8866 SDP, RFC 2326 Appendix C): H.264 as payload type 96 with
/// packetization mode 1, profile and parameter sets (RFC 6184 §8.1), PCMU as static payload type 0
/// (RFC 3551), track control URLs relative to the Content-Base.
/// </summary>
internal static class DemoSdpWriter
{
    public const byte VideoPayloadType = 96;

    public const byte AudioPayloadType = 0;

    public static string Write(DemoClip clip, string cameraName, long sessionId)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var sdp = new StringBuilder(512);
        void Line(string text) => sdp.Append(text).Append("\r\n");
        Line("v=0");
        Line(string.Create(CultureInfo.InvariantCulture, $"o=- {sessionId} 1 IN IP4 127.0.0.1"));
        Line("s=SecureStream demo camera " + cameraName);
        Line("i=clip " + clip.Name);
        Line("c=IN IP4 0.0.0.0");
        Line("t=0 0");
        Line("a=tool:SecureStream");
        Line("a=type:broadcast");
        Line("a=control:*");
        Line("a=range:npt=now-");
        Line(string.Create(CultureInfo.InvariantCulture, $"m=video 0 RTP/AVP {VideoPayloadType}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{VideoPayloadType} H264/{DemoClip.VideoClockRate}"));
        Line(string.Create(CultureInfo.InvariantCulture,
            $"a=fmtp:{VideoPayloadType} packetization-mode=1;profile-level-id={clip.ProfileLevelId};sprop-parameter-sets={clip.SpropParameterSets}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"a=framerate:{clip.FrameRate}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"a=x-dimensions:{clip.Width},{clip.Height}"));
        Line("a=control:trackID=0");
        Line(string.Create(CultureInfo.InvariantCulture, $"m=audio 0 RTP/AVP {AudioPayloadType}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"a=rtpmap:{AudioPayloadType} PCMU/{DemoClip.AudioClockRate}"));
        Line("a=ptime:20");
        Line("a=control:trackID=1");
        return sdp.ToString();
    }
}
