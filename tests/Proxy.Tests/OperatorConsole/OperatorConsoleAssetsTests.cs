using System.Text;
using System.Text.RegularExpressions;
using SecureStream.Proxy.OperatorConsole;
using SecureStream.Proxy.Pages;

namespace SecureStream.Proxy.Tests.OperatorConsole;

/// <summary>The console's embedded files hold to the same rules as the viewer pages: this origin's scripts, nothing inline, nothing third-party.</summary>
public sealed partial class OperatorConsoleAssetsTests
{
    private static readonly PageAssets Assets = PageAssets.Load("SecureStream.Proxy.OperatorConsole.Assets.");

    [Fact]
    public void Load_ConsoleFiles_AreApartFromTheViewerPages()
    {
        var names = Assets.All.Select(a => a.Name).ToList();
        Assert.Contains(OperatorConsoleEndpoints.PageFile, names);
        Assert.Contains("console.js", names);
        Assert.Contains("console.css", names);
        Assert.DoesNotContain("player.html", names);
        Assert.DoesNotContain(OperatorConsoleEndpoints.PageFile, PageAssets.Load().All.Select(a => a.Name));
    }

    [Fact]
    public void Page_UnderStrictCsp_HasOnlySameOriginScriptsAndNoInlineCodeOrStyle()
    {
        var html = Encoding.UTF8.GetString(Assets.Find(OperatorConsoleEndpoints.PageFile)!.Content.Span);
        var scripts = ScriptTag().Matches(html);
        Assert.Single(scripts);
        Assert.Matches("""src="/console/assets/console\.js">\s*</script>""", scripts[0].Value);
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("""<meta name="referrer" content="no-referrer">""", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_ImportOnlyEmbeddedFilesAndNeverWriteMarkup()
    {
        foreach (var asset in Assets.All)
        {
            var text = Encoding.UTF8.GetString(asset.Content.Span);
            // Nothing from another origin (no CDN, no web font): every reference is this listener's.
            Assert.DoesNotContain("http://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", text, StringComparison.OrdinalIgnoreCase);
            if (!asset.Name.EndsWith(".js", StringComparison.Ordinal))
            {
                continue;
            }

            // What the API returns (camera names, errors, audit fields) goes on the page as text only.
            Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("insertAdjacentHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("document.cookie", text, StringComparison.Ordinal);
            Assert.DoesNotContain("localStorage", text, StringComparison.Ordinal);
            foreach (Match import in ImportFrom().Matches(text))
            {
                Assert.NotNull(Assets.Find(import.Groups[1].Value));
            }
        }
    }

    [Theory]
    [InlineData("/console", true)]
    [InlineData("/console/assets/console.js", true)]
    [InlineData("/console/assets/", false)]
    [InlineData("/console/assets/a/b.js", false)]
    [InlineData("/console/other", false)]
    [InlineData("/consoles", false)]
    [InlineData("/v1/console/cameras", false)]
    [InlineData("/v1/sessions", false)]
    public void IsPublic_OnlyThePageAndItsFiles(string path, bool expected) =>
        Assert.Equal(expected, OperatorConsoleEndpoints.IsPublic(new Microsoft.AspNetCore.Http.PathString(path)));

    [GeneratedRegex("<script[^>]*>[^<]*</script>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""\son[a-z]+\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("""from '\./([a-z-]+\.js)'""")]
    private static partial Regex ImportFrom();
}
