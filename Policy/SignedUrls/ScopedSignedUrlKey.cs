namespace SecureStream.Policy.SignedUrls;

/// <summary>
/// A signed-link key held outside policy.json that the validator accepts only for anonymous links
/// (no <c>sub</c>) to one app, whatever policy.json says: the demo wall's key
/// (docs/pages.md, "The demo wall"). A link must name it by <c>kid</c>; it is never tried for a
/// link that does not, so it can never stand in for a virtual host's own keys.
/// </summary>
/// <remarks>
/// Security invariant: a link verified with this key opens only cameras of <see cref="App"/> and
/// only without an operator, even when <c>anonymousLinks.cameras</c> entitles more. Its id is
/// reserved (<see cref="DemoWallKeyId"/>): policy.json cannot configure a key with that id.
/// </remarks>
/// <param name="Key">The key; its id is the <c>kid</c> links name.</param>
/// <param name="App">The one app its links may open.</param>
internal sealed record ScopedSignedUrlKey(SignedUrlKey Key, string App)
{
    /// <summary>The id of the demo wall's key, reserved in every virtual host.</summary>
    public const string DemoWallKeyId = "demo-wall";
}
