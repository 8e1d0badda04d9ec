using System.Text;
using System.Text.RegularExpressions;
using SecureStream.Proxy.Pages;

namespace SecureStream.Proxy.Tests.Pages;

public sealed partial class PageAssetsTests
{
    private static readonly PageAssets Assets = PageAssets.Load();

    [Fact]
    public void Load_EmbeddedFiles_AreThePagesOneClientScriptAndOneStylesheet()
    {
        Assert.Equal(
            ["pages.css", "player-page.js", "player.html", "wall-page.js", "wall.html", "whep-client.js"],
            Assets.All.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal("text/html; charset=utf-8", Assets.Find(PageAssets.PlayerPage)!.ContentType);
        Assert.Equal("text/javascript; charset=utf-8", Assets.Find("whep-client.js")!.ContentType);
        Assert.Equal("text/css; charset=utf-8", Assets.Find("pages.css")!.ContentType);
        Assert.All(Assets.All, asset => Assert.False(asset.Content.IsEmpty));
    }

    [Fact]
    public void Find_NameOutsideTheEmbeddedSet_IsNull()
    {
        Assert.Null(Assets.Find("../appsettings.json"));
        Assert.Null(Assets.Find("WHEP-CLIENT.JS"));
        Assert.Null(Assets.Find(string.Empty));
    }

    [Theory]
    [InlineData(PageAssets.PlayerPage)]
    [InlineData(PageAssets.WallPage)]
    public void Page_UnderStrictCsp_HasOnlySameOriginScriptsAndNoInlineCodeOrStyle(string name)
    {
        var html = Encoding.UTF8.GetString(Assets.Find(name)!.Content.Span);
        var scripts = ScriptTag().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Matches("""src="/console/assets/[a-z-]+\.js">\s*</script>""", tag.Value));
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("""<meta name="referrer" content="no-referrer">""", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ETag_DiffersBetweenFiles_SoARebuildIsRefetched()
    {
        Assert.Equal(Assets.All.Count(), Assets.All.Select(a => a.ETag).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Assets.All, asset => Assert.Matches("^\"[0-9a-f]{16}\"$", asset.ETag));
    }

    [GeneratedRegex("<script[^>]*>[\\s\\S]*?</script>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
