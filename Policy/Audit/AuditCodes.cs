using System.Net;

namespace SecureStream.Policy.Audit;

/// <summary>The wire spellings of the audit enums. Stable: Seq queries match on them.</summary>
internal static class AuditCodes
{
    /// <summary><c>none</c>, <c>signed_url</c> or <c>jwt</c>.</summary>
    public static string ToCode(this AuditCredentialKind kind) => kind switch
    {
        AuditCredentialKind.SignedUrl => "signed_url",
        AuditCredentialKind.Jwt => "jwt",
        _ => "none",
    };

    /// <summary><c>peer</c>, <c>x-real-ip</c>, <c>x-forwarded-for</c> or <c>x-forwarded-for-limit</c>.</summary>
    public static string ToCode(this ClientIpSource source) => source switch
    {
        ClientIpSource.XRealIp => "x-real-ip",
        ClientIpSource.XForwardedFor => "x-forwarded-for",
        ClientIpSource.XForwardedForLimit => "x-forwarded-for-limit",
        _ => "peer",
    };

    /// <summary><c>webrtc-ws</c>, <c>whep</c>, <c>snapshot</c>, or null when unknown (the field is then left out).</summary>
    public static string? ToCode(this AuditProtocol protocol) => protocol switch
    {
        AuditProtocol.WebRtcWs => "webrtc-ws",
        AuditProtocol.Whep => "whep",
        AuditProtocol.Snapshot => "snapshot",
        _ => null,
    };

    /// <summary>The address as text, IPv4-mapped IPv6 shown as IPv4 so one client has one spelling.</summary>
    public static string? ToAuditText(this IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
