using Microsoft.Playwright;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// Which SRTP protection profile Chromium's DTLS handshake with the gateway settled on: the
/// <c>srtpCipher</c> of the <c>transport</c> entry in <c>getStats()</c> of the page's newest open peer
/// connection (recorded by <see cref="WebRtcProbe"/>'s init script). Chromium names it as the
/// DTLS-SRTP registry does, e.g. <c>SRTP_AEAD_AES_128_GCM</c> or <c>SRTP_AES128_CM_HMAC_SHA1_80</c>;
/// null before DTLS completed.
/// </summary>
public static class SrtpCipherProbe
{
    private const string ReadScript = """
        async () => {
          const peers = window.__securestreamPeers ?? [];
          const open = peers.filter((pc) => pc.connectionState !== 'closed');
          const pc = open[open.length - 1];
          if (!pc) return null;
          const stats = await pc.getStats();
          let cipher = null;
          stats.forEach((s) => { if (s.type === 'transport' && s.srtpCipher) cipher = s.srtpCipher; });
          return cipher;
        }
        """;

    /// <summary>The negotiated SRTP cipher as Chromium reports it, or null.</summary>
    public static async Task<string?> ReadAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string?>(ReadScript);
    }
}
