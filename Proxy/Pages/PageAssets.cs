using System.Collections.Frozen;
using System.Security.Cryptography;

namespace SecureStream.Proxy.Pages;

/// <summary>
/// The page files embedded in the assembly (Proxy/Pages/Assets), loaded once. Embedding them,
/// rather than serving a folder, means the gateway serves exactly what was built and reviewed:
/// nothing on disk can add a page or a script to the origin the credentials are typed into.
/// </summary>
internal sealed class PageAssets
{
    /// <summary>The wall (the listener's root page).</summary>
    public const string WallPage = "wall.html";

    /// <summary>The single-camera player page.</summary>
    public const string PlayerPage = "player.html";

    private const string ResourcePrefix = "SecureStream.Proxy.Pages.Assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, PageAsset> _byName;

    private PageAssets(FrozenDictionary<string, PageAsset> byName) => _byName = byName;

    /// <summary>Every embedded file by name.</summary>
    public IEnumerable<PageAsset> All => _byName.Values;

    /// <summary>Reads every embedded viewer page file; throws when one has a type the pages do not serve (a build mistake).</summary>
    public static PageAssets Load() => Load(ResourcePrefix);

    /// <summary>
    /// Reads every file embedded under <paramref name="resourcePrefix"/> (a logical resource name
    /// ending in a dot, e.g. the operator console's), with the same types and validators.
    /// </summary>
    public static PageAssets Load(string resourcePrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourcePrefix);
        var assembly = typeof(PageAssets).Assembly;
        var assets = new Dictionary<string, PageAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[resourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                throw new InvalidDataException($"Page asset {name} has a type the pages do not serve; embed only .html, .js and .css files.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"";
            assets[name] = new PageAsset(name, contentType, bytes, etag);
        }

        return new PageAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The file with this exact name (ordinal), or null: names outside the embedded set never reach the disk.</summary>
    public PageAsset? Find(string name) => _byName.GetValueOrDefault(name);
}
