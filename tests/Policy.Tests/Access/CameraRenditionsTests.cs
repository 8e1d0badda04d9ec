using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tests.Access;

/// <summary><c>?rendition=</c>: main by default, exactly <c>main</c> or <c>sub</c> otherwise, never guessed.</summary>
public sealed class CameraRenditionsTests
{
    private static QueryPair Pair(string name, string value) => new(name, value, Uri.UnescapeDataString(value));

    [Theory]
    [InlineData("main", CameraRendition.Main)]
    [InlineData("sub", CameraRendition.Sub)]
    public void TrySelect_KnownValue_Selected(string value, CameraRendition expected)
    {
        Assert.True(CameraRenditions.TrySelect([Pair("token", "x"), Pair("rendition", value)], out var rendition));
        Assert.Equal(expected, rendition);
    }

    [Fact]
    public void TrySelect_NoParameter_Main()
    {
        Assert.True(CameraRenditions.TrySelect([Pair("quality", "hd")], out var rendition));
        Assert.Equal(CameraRendition.Main, rendition);
    }

    [Theory]
    [InlineData("rendition", "SUB")]
    [InlineData("rendition", "high")]
    [InlineData("rendition", "")]
    [InlineData("rendition", "sub%2F..%2Fcam2")]
    [InlineData("Rendition", "sub")]
    [InlineData("RENDITION", "main")]
    public void TrySelect_OtherValueOrSpelling_Refused(string name, string value)
    {
        Assert.False(CameraRenditions.TrySelect([Pair(name, value)], out _));
    }

    [Fact]
    public void TrySelect_Repeated_RefusedEvenWhenBothAreValid()
    {
        Assert.False(CameraRenditions.TrySelect([Pair("rendition", "sub"), Pair("rendition", "sub")], out _));
        Assert.False(CameraRenditions.TrySelect([Pair("rendition", "main"), Pair("rendition", "sub")], out _));
    }

    [Fact]
    public void ToCode_WireNames() => Assert.Equal(["main", "sub"], new[] { CameraRendition.Main, CameraRendition.Sub }.Select(r => r.ToCode()));

    [Theory]
    [InlineData(true, CameraRendition.Sub, CameraRendition.Sub)]
    [InlineData(false, CameraRendition.Sub, CameraRendition.Main)]
    [InlineData(null, CameraRendition.Sub, CameraRendition.Sub)]
    [InlineData(true, CameraRendition.Main, CameraRendition.Main)]
    public void Serve_CameraWithoutSubstream_FallsBackToMain(bool? hasSubstream, CameraRendition requested, CameraRendition expected)
    {
        var camera = CatalogCamera.NoFixedNames with { HasSubstream = hasSubstream };
        Assert.Equal(expected, camera.Serve(requested));
    }
}
