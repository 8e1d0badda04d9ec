using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

public sealed class AdmissionRedirectTests
{
    private const string Original = "ws://cam.example:3333/app/cam1?policy=abc&signature=def";

    public static TheoryData<string, string, string, string, string?> Accepted => new()
    {
        { "other-stream", "ws://cam.example:3333/app/cam2", Original, "app/cam2", null },
        { "other-app-and-query", "ws://cam.example:3333/lobby/door-1?transport=tcp", Original, "lobby/door-1", "transport=tcp" },
        { "host-case", "WS://CAM.Example:3333/app/cam2", Original, "app/cam2", null },
        { "default-port-explicit", "wss://cam.example:443/app/cam2", "wss://cam.example/app/cam1", "app/cam2", null },
        { "default-port-implicit", "https://cam.example/app/cam2?", "https://cam.example:443/app/cam1", "app/cam2", "" },
        { "ipv6", "ws://[::1]:3333/app/cam2", "ws://[::1]:3333/app/cam1", "app/cam2", null },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TryResolve_SameOrigin_Allowed(string name, string newUrl, string original, string camera, string? query)
    {
        Assert.NotNull(name);
        Assert.Equal(AccessReason.Allowed, AdmissionRedirect.TryResolve(newUrl, original, out var target, out var newQuery));
        Assert.Equal(camera, target.ToString());
        Assert.Equal(query, newQuery);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "other-host", "ws://internal.example:3333/app/cam2" },
        { "other-port", "ws://cam.example:3334/app/cam2" },
        { "default-port-differs", "ws://cam.example/app/cam2" },
        { "other-scheme", "wss://cam.example:3333/app/cam2" },
        { "http-scheme", "http://cam.example:3333/app/cam2" },
        { "rtsp-scheme", "rtsp://cam.example:3333/app/cam2" },
        { "userinfo", "ws://user@cam.example:3333/app/cam2" },
        { "userinfo-host-confusion", "ws://cam.example:3333@evil.example:3333/app/cam2" },
        { "fragment", "ws://cam.example:3333/app/cam2#x" },
        { "backslash", "ws://cam.example:3333\\@evil/app/cam2" },
        { "dot-dot", "ws://cam.example:3333/app/../admin/cam2" },
        { "encoded-dot-dot", "ws://cam.example:3333/app/%2e%2e" },
        { "encoded-slash", "ws://cam.example:3333/app%2Fcam2/x" },
        { "three-segments", "ws://cam.example:3333/app/cam2/extra" },
        { "one-segment", "ws://cam.example:3333/cam2" },
        { "empty-segment", "ws://cam.example:3333//cam2" },
        { "trailing-slash", "ws://cam.example:3333/app/cam2/" },
        { "second-question-mark", "ws://cam.example:3333/app/cam2?a=1?b=2" },
        { "crlf", "ws://cam.example:3333/app/cam2\r\nX: y" },
        { "space", "ws://cam.example:3333/app/cam 2" },
        { "non-ascii-lookalike", "ws://cam.example:3333/app/c\u0430m2" },
        { "port-sign", "ws://cam.example:+3333/app/cam2" },
        { "port-overflow", "ws://cam.example:4294970629/app/cam2" },
        { "port-zero", "ws://cam.example:0/app/cam2" },
        { "relative", "/app/cam2" },
        { "scheme-relative", "//cam.example:3333/app/cam2" },
        { "empty", "" },
        { "no-path", "ws://cam.example:3333" },
        { "query-only", "ws://cam.example:3333?x=/app/cam2" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryResolve_Hostile_Refused(string name, string newUrl)
    {
        Assert.NotNull(name);
        Assert.Equal(AccessReason.WebhookRedirectRefused, AdmissionRedirect.TryResolve(newUrl, Original, out var target, out var query));
        Assert.Equal(default, target);
        Assert.Null(query);
    }

    [Fact]
    public void TryResolve_NullNewUrl_Refused() =>
        Assert.Equal(AccessReason.WebhookRedirectRefused, AdmissionRedirect.TryResolve(null, Original, out _, out _));
}
