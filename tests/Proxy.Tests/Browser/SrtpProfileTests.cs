using SecureStream.Proxy.Tests.Browser.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser;

/// <summary>
/// The SRTP protection profile Chromium and the gateway agree on (docs/media-transport.md, "SRTP
/// and SRTCP"), read from Chromium's own <c>getStats()</c>, with the demo camera playing through it:
/// by default AES-128-GCM, which is only possible if Chromium offers it; and AES-CM with
/// HMAC-SHA1-80 when the gateway is configured to accept only that, so the counter-mode path is
/// proven against a real browser too.
/// </summary>
[Collection(ChromiumTests.Name)]
public sealed class SrtpProfileTests(ChromiumFixture chromium)
{
    /// <summary>The gateway's only accepted profile (null: the default preference) and the cipher Chromium must report.</summary>
    public static TheoryData<string?, string> Profiles => new()
    {
        { null, "SRTP_AEAD_AES_128_GCM" },
        { "SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AES128_CM_HMAC_SHA1_80" },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task PlayerPage_ServerProfilePreference_ChromiumNegotiatesAndPlays(string? onlyProfile, string expectedCipher)
    {
        var settings = new Dictionary<string, string?>();
        if (onlyProfile is not null)
        {
            settings["WebRtc:Dtls:SrtpProfiles:0"] = onlyProfile;
        }

        await using var gateway = await DemoCameraGateway.StartAsync(settings);
        var query = new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep")).Query;
        await using var context = await chromium.NewContextAsync();

        var page = await BrowserPages.OpenAsync(context, $"http://127.0.0.1:{gateway.HttpPort}/play/demo/lobby{query}");

        await ClipPlayback.AssertPlaysAsync(page, "#video", "udp");
        Assert.Equal(expectedCipher, await SrtpCipherProbe.ReadAsync(page));
    }
}
