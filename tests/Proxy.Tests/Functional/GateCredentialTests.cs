using System.Text.RegularExpressions;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>OME signed links tampered with in every way docs/security.md lists, through the real pipeline.</summary>
public sealed partial class GateCredentialTests(SharedGateway shared) : IClassFixture<SharedGateway>
{
    private GatewayUnderTest Gateway => shared.Gateway;

    [GeneratedRegex("signature=([^&]*)")]
    private static partial Regex SignatureValue();

    private static string WithSignature(string link, Func<string, string> change) =>
        SignatureValue().Replace(link, m => "signature=" + change(m.Groups[1].Value), 1);

    private static string FlipFirst(string signature)
    {
        var c = signature[0];
        return (c == 'A' ? 'B' : 'A') + signature[1..];
    }

    public static TheoryData<string, Func<string, string>, int, string> TamperedSignatures => new()
    {
        { "missing", link => SignatureValue().Replace(link, string.Empty).Replace("&&", "&").TrimEnd('&'), 401, "signature_missing" },
        { "empty", link => WithSignature(link, _ => string.Empty), 401, "signature_missing" },
        { "truncated", link => WithSignature(link, s => s[..^4]), 401, "signature_malformed" },
        { "bit-flipped", link => WithSignature(link, FlipFirst), 401, "signature_invalid" },
        { "standard alphabet", link => WithSignature(link, s => "+/" + s[2..]), 401, "signature_malformed" },
        { "padded", link => WithSignature(link, s => s + "="), 401, "signature_malformed" },
        { "path changed after signing", link => link.Replace("/app/cam1/", "/app/cam2/", StringComparison.Ordinal), 401, "signature_invalid" },
        { "parameter appended after signing", link => link + "&quality=hd", 401, "signature_invalid" },
        { "signature twice", link => link + "&" + SignatureValue().Match(link).Value, 400, "duplicate_parameter" },
        { "policy twice", link => link + "&policy=e30", 400, "duplicate_parameter" },
        { "signature in other letter case", link => link.Replace("signature=", "Signature=", StringComparison.Ordinal), 400, "ambiguous_target" },
        { "policy in other letter case", link => link.Replace("policy=", "POLICY=", StringComparison.Ordinal), 400, "ambiguous_target" },
    };

    [Theory]
    [MemberData(nameof(TamperedSignatures))]
    public async Task TamperedSignedLink_IsRefusedBeforeOriginAndWebhook(string name, Func<string, string> tamper, int status, string reason)
    {
        Assert.NotEmpty(name);
        var link = tamper(Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link);

        await GateProbe.AssertDeniedAsync(Gateway, before, response, status, reason);
    }

    [Fact]
    public async Task PercentEncodedReservedName_IsAmbiguous()
    {
        // Sent raw: System.Uri would unescape %73 to 's' before it left the client.
        var link = new Uri(Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice")).PathAndQuery.Replace("signature=", "%73ignature=", StringComparison.Ordinal);
        var before = GateProbe.Mark(Gateway);

        var (status, body) = await GateProbe.RawAsync(Gateway, link);

        GateProbe.AssertDenied(Gateway, before, status, body, "ambiguous_target", 400);
    }

    [Fact]
    public async Task UntamperedSignedLink_ReachesExactlyTheAuthorisedPathWithTicket()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(Gateway, before, "/app/cam1/whep");
        var record = Gateway.Decisions()[^1];
        Assert.Equal("op:alice", record.GetProperty("operator").GetString());
        Assert.Equal(before.Openings + 1, Gateway.Webhook.Openings.Count());
    }

    [Fact]
    public async Task AnotherHostHeader_IsSignatureInvalid()
    {
        var link = Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link, headers: new Dictionary<string, string> { ["Host"] = "cameras.example:" + Gateway.HttpPort });

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, "signature_invalid");
    }

    /// <summary>The OME pitfall: the link was signed without the port, but the server always rebuilds the URL with it.</summary>
    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "OME's signed links are HMAC-SHA1 by definition (docs/links.md).")]
    public async Task PortLeftOutOfSignedUrl_IsSignatureInvalid()
    {
        var policy = GateProbe.B64($"{{\"url_expire\":{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds()},\"sub\":\"alice\"}}");
        var signedWithoutPort = $"http://127.0.0.1/app/cam1/whep?policy={policy}";
        var signature = GateProbe.B64(System.Security.Cryptography.HMACSHA1.HashData(Gateway.LinkSecret.Span.ToArray(), System.Text.Encoding.ASCII.GetBytes(signedWithoutPort)));
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(
            Gateway,
            $"http://127.0.0.1:{Gateway.HttpPort}/app/cam1/whep?policy={policy}&signature={signature}",
            headers: new Dictionary<string, string> { ["Host"] = "127.0.0.1" });

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, "signature_invalid");
    }

    [Fact]
    public async Task HostHeaderWithoutPort_ServerInsertsItsListeningPort()
    {
        // The link is signed with the explicit port; a Host header without one is rebuilt with it.
        var link = Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, link, headers: new Dictionary<string, string> { ["Host"] = "127.0.0.1" });

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(Gateway, before, "/app/cam1/whep");
    }

    public static TheoryData<string, TimeSpan, string> BadLifetimes => new()
    {
        { "expired", TimeSpan.FromMinutes(-5), "link_expired" },
    };

    [Theory]
    [MemberData(nameof(BadLifetimes))]
    public async Task ExpiredLink_IsRefused(string name, TimeSpan lifetime, string reason)
    {
        Assert.NotEmpty(name);
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", lifetime: lifetime));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, reason);
    }

    [Fact]
    public async Task StreamExpireInThePast_IsRefused()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", streamExpire: DateTimeOffset.UtcNow.AddMinutes(-1)));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, "stream_expired");
    }

    [Fact]
    public async Task AllowIpNotContainingTheClient_IsAddressNotAllowed()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, Gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice", allowIp: "10.0.0.0/8"));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 403, "address_not_allowed");
    }

    public static TheoryData<string, string> UnentitledCameras => new()
    {
        { "registered camera of another operator", "app/cam2" },
        { "camera that does not exist", "app/nosuchcam" },
    };

    [Theory]
    [MemberData(nameof(UnentitledCameras))]
    public async Task UnknownAndNotEntitledCameras_AnswerAlike(string name, string camera)
    {
        Assert.NotEmpty(name);
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, Gateway.SignedLink(camera, suffix: "/whep", subject: "alice"));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 403, "not_entitled");
    }

    [Fact]
    public async Task LinkWithoutSubjectForNonDemoCamera_IsAnonymousNotAllowed()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, Gateway.SignedLink("app/cam1", suffix: "/whep"));

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 403, "anonymous_not_allowed");
    }

    [Fact]
    public async Task LinkWithoutSubjectForDemoCamera_IsAdmitted()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, Gateway.SignedLink("demo/lobby", suffix: "/whep"));

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(Gateway, before, "/demo/lobby/whep");
    }

    [Fact]
    public async Task NoCredential_IsCredentialMissing()
    {
        var before = GateProbe.Mark(Gateway);

        using var response = await GateProbe.OfferAsync(Gateway, $"http://127.0.0.1:{Gateway.HttpPort}/app/cam1/whep");

        await GateProbe.AssertDeniedAsync(Gateway, before, response, 401, "credential_missing");
    }

    [Fact]
    public async Task DeniedWebSocket_GetsOneErrorFrame()
    {
        var link = Gateway.SignedLink("app/cam1", scheme: "ws", subject: "bob");
        var before = GateProbe.Mark(Gateway);

        var frame = await GateProbe.WebSocketFirstFrameAsync(link);

        Assert.Equal("{\"code\":403,\"error\":\"not_entitled\"}", frame);
        GateProbe.AssertOneDenyRecord(Gateway, before, "not_entitled");
    }

    [Fact]
    public async Task SignedWebSocket_ReachesOriginWithTicket()
    {
        var link = Gateway.SignedLink("app/cam1", scheme: "ws", subject: "alice");
        var before = GateProbe.Mark(Gateway);

        var frame = await GateProbe.WebSocketFirstFrameAsync(link);

        Assert.True(frame.Contains("\"command\":\"offer\"", StringComparison.Ordinal), frame);
        GateProbe.AssertAdmitted(Gateway, before, "/app/cam1");
    }

    [Fact]
    public async Task TamperedWebSocketLink_GetsSignatureErrorFrame()
    {
        var link = WithSignature(Gateway.SignedLink("app/cam1", scheme: "ws", subject: "alice"), FlipFirst);
        var before = GateProbe.Mark(Gateway);

        var frame = await GateProbe.WebSocketFirstFrameAsync(link);

        Assert.Equal("{\"code\":401,\"error\":\"signature_invalid\"}", frame);
        GateProbe.AssertOneDenyRecord(Gateway, before, "signature_invalid");
    }

    [Fact]
    public async Task HttpSchemeLinkUsedForWebSocket_IsSignatureInvalid()
    {
        // The scheme is part of the signed string: a link signed for http:// does not open ws://.
        var link = Gateway.SignedLink("app/cam1", subject: "alice").Replace("http://", "ws://", StringComparison.Ordinal);
        var before = GateProbe.Mark(Gateway);

        var frame = await GateProbe.WebSocketFirstFrameAsync(link);

        Assert.Equal("{\"code\":401,\"error\":\"signature_invalid\"}", frame);
        GateProbe.AssertOneDenyRecord(Gateway, before, "signature_invalid");
    }
}
