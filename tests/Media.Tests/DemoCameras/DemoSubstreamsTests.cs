using Microsoft.Extensions.Options;
using SecureStream.DemoCameras;
using SecureStream.Media.Cameras;

namespace SecureStream.Media.Tests.DemoCameras;

/// <summary>While demo cameras are on, the origin that points at them gets a same-clip substream; nothing else is touched.</summary>
public sealed class DemoSubstreamsTests
{
    private static OriginMapOptions Configure(params OriginMapOriginOptions[] origins)
    {
        var options = new OriginMapOptions { Origins = [.. origins] };
        new DemoSubstreams(Options.Create(new DemoCameraServerOptions { Address = "127.0.0.1", Port = 8554 })).PostConfigure(null, options);
        return options;
    }

    [Fact]
    public void PostConfigure_DemoOrigin_GetsItsOwnUrlWithStreamSub()
    {
        var options = Configure(new OriginMapOriginOptions { Location = "/demo", Scheme = "rtsp", Urls = ["127.0.0.1:8554/demo"] });

        Assert.Equal(["127.0.0.1:8554/demo?stream=sub"], options.Origins[0].SubstreamUrls);
    }

    [Fact]
    public void PostConfigure_OtherOriginsAndOwnSubstreams_Untouched()
    {
        var options = Configure(
            new OriginMapOriginOptions { Location = "/site", Scheme = "rtsp", Urls = ["10.0.0.5/live"] },
            new OriginMapOriginOptions { Location = "/mixed", Scheme = "rtsp", Urls = ["127.0.0.1:8554/demo", "10.0.0.5/live"] },
            new OriginMapOriginOptions { Location = "/demo", Scheme = "rtsp", Urls = ["127.0.0.1:8554/demo"], SubstreamUrls = ["127.0.0.1:8554/demo/x"] });

        Assert.Empty(options.Origins[0].SubstreamUrls);
        Assert.Empty(options.Origins[1].SubstreamUrls);
        Assert.Equal(["127.0.0.1:8554/demo/x"], options.Origins[2].SubstreamUrls);
    }
}
