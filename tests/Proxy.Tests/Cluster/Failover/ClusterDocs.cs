using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster.Failover;

/// <summary>What the tests take from docs/cluster.md word for word, so the page says what is tested.</summary>
internal static class ClusterDocs
{
    public const string OvenPlayerHeading = "### Reconnecting OvenPlayer";

    /// <summary>The first <c>```js</c> block under <see cref="OvenPlayerHeading"/>: the integrator's reconnect snippet.</summary>
    public static string OvenPlayerReconnectSnippet()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "cluster.md")).ReplaceLineEndings("\n");
        var heading = text.IndexOf("\n" + OvenPlayerHeading + "\n", StringComparison.Ordinal);
        Assert.True(heading >= 0, $"docs/cluster.md has no '{OvenPlayerHeading}' section");
        var start = text.IndexOf("\n```js\n", heading, StringComparison.Ordinal);
        Assert.True(start >= 0, "the OvenPlayer section of docs/cluster.md has no js block");
        start += "\n```js\n".Length;
        var end = text.IndexOf("\n```\n", start, StringComparison.Ordinal);
        return text[start..end];
    }
}
