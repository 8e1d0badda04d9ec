using System.Globalization;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;

namespace SecureStream.DemoCameras;

/// <summary>
/// Gives the demo cameras a substream while they are on (docs/demo-cameras.md "Substream"): an
/// <c>OriginMap</c> origin whose every URL is this server's <c>/demo</c> and that names no
/// <c>SubstreamUrls</c> of its own gets <c>{same}?stream=sub</c> — the same clip over its own RTSP
/// session (the server ignores the query), so the wall's tiles show a substream pull of their own.
/// </summary>
/// <remarks>
/// Done here, not in appsettings.json: configuration lists merge by index, so a
/// <c>SubstreamUrls</c> on the shipped <c>Origins:0</c> would stay under an operator's own
/// <c>Origins:0</c> set through the environment and send its substream to this machine.
/// </remarks>
internal sealed class DemoSubstreams(IOptions<DemoCameraServerOptions> server) : IPostConfigureOptions<OriginMapOptions>
{
    public void PostConfigure(string? name, OriginMapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var demo = string.Create(CultureInfo.InvariantCulture, $"{server.Value.Address}:{server.Value.Port}/demo");
        foreach (var origin in options.Origins)
        {
            if (origin.SubstreamUrls.Count == 0 && origin.Urls.Count > 0 &&
                origin.Urls.TrueForAll(url => string.Equals(url, demo, StringComparison.Ordinal)))
            {
                origin.SubstreamUrls = [.. origin.Urls.Select(url => url + "?stream=sub")];
            }
        }
    }
}
