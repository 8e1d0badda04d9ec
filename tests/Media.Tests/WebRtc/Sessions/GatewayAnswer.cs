using System.Globalization;
using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Sessions;

/// <summary>The few values of the gateway's answer (or OME offer) a browser acts on: ICE credentials, certificate fingerprint, video payload type.</summary>
internal sealed record GatewayAnswer(string Ufrag, string Password, DtlsFingerprint? Fingerprint, int VideoPayloadType)
{
    public static GatewayAnswer Read(string sdp)
    {
        var lines = sdp.Split("\r\n");
        string Value(string prefix) => lines.First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
        Assert.True(DtlsFingerprint.TryParse(Value("a=fingerprint:"), out var fingerprint));
        var video = Value("m=video ").Split(' ');
        return new GatewayAnswer(Value("a=ice-ufrag:"), Value("a=ice-pwd:"), fingerprint, int.Parse(video[2], CultureInfo.InvariantCulture));
    }
}
