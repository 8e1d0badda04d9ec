using System.Globalization;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// One local host candidate as SDP carries it (RFC 8839 §5.1; ICE-TCP's tcptype, RFC 6544 §4.5).
/// Component is always 1: WebRTC bundles and multiplexes RTCP (RFC 8843, RFC 5761).
/// </summary>
internal sealed record IceCandidate(string Foundation, IceProtocol Protocol, uint Priority, string Address, int Port)
{
    public const int Component = 1;

    /// <summary>The attribute value, e.g. <c>candidate:1 1 udp 2130706431 203.0.113.5 10000 typ host</c> (OME's "candidate" field).</summary>
    public override string ToString() => Protocol == IceProtocol.Udp
        ? string.Create(CultureInfo.InvariantCulture, $"candidate:{Foundation} {Component} udp {Priority} {Address} {Port} typ host")
        : string.Create(CultureInfo.InvariantCulture, $"candidate:{Foundation} {Component} tcp {Priority} {Address} {Port} typ host tcptype passive");

    /// <summary>The SDP line: <c>a=candidate:…</c>.</summary>
    public string ToSdpLine() => "a=" + ToString();

    /// <summary>
    /// RFC 8445 §5.1.2.1: (2^24)·type preference + (2^8)·local preference + (256 − component).
    /// Host type preference 126. UDP is preferred over TCP (RFC 6544 §4.2): UDP local preference
    /// 65535 minus the address index; TCP passive uses direction-pref 4 (2^13·4 = 32768) plus
    /// 8191 minus the index, so every TCP candidate ranks below every UDP one.
    /// </summary>
    public static uint ComputePriority(IceProtocol protocol, int addressIndex)
    {
        var index = (uint)Math.Clamp(addressIndex, 0, 8191);
        var localPreference = protocol == IceProtocol.Udp ? 65535u - index : (4u << 13) + 8191u - index;
        return (126u << 24) + (localPreference << 8) + (256u - Component);
    }
}
