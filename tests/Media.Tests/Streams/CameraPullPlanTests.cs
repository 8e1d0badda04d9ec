using SecureStream.Media.Cameras;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Tests.Streams;

/// <summary>The registry fixes the camera URL; a viewer's forwarded query selects a variant of it and may only add to it.</summary>
public sealed class CameraPullPlanTests
{
    private static CameraRegistration Camera(bool forward, params string[] urls) => new(
        new CameraPath("app", "cam1"),
        [.. urls.Select(u => CameraUrl.TryParse(u, out var url, out var error) ? url! : throw new InvalidOperationException(error))],
        new CameraProperties(3000, 60000, forward, false, 1),
        Persistent: false,
        CameraSource.Static);

    [Theory]
    [InlineData(true, "quality=hd", "quality=hd")]
    [InlineData(true, null, "")]
    [InlineData(false, "quality=hd", "")]
    public void VariantOf_ForwardingOnOrOff_QueryOrPlain(bool forward, string? query, string expected)
    {
        Assert.Equal(expected, CameraPullPlan.VariantOf(Camera(forward, "rtsp://nvr.example/live?channel=1"), query));
    }

    [Theory]
    [InlineData("channel=7", true)]
    [InlineData("Channel=7", true)]
    [InlineData("quality=hd&SUBTYPE=1", true)]
    [InlineData("quality=hd", false)]
    [InlineData("", false)]
    public void Conflicts_NameInAnyFailoverUrl_CaseInsensitive(string variant, bool expected)
    {
        var camera = Camera(true, "rtsp://nvr-a.example/live?channel=1", "rtsp://nvr-b.example/live?subtype=0");

        Assert.Equal(expected, CameraPullPlan.Conflicts(camera, variant));
    }

    [Fact]
    public void UrlsOf_Variant_AppendedAfterTheRegistrysQuery()
    {
        var camera = Camera(true, "rtsp://nvr.example/live?channel=1", "rtsp://backup.example/live");

        var urls = CameraPullPlan.UrlsOf(camera, "quality=hd");

        Assert.Equal(["rtsp://nvr.example/live?channel=1&quality=hd", "rtsp://backup.example/live?quality=hd"], urls.Select(u => u.OriginalString));
    }
}
