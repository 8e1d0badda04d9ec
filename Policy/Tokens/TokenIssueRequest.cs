namespace SecureStream.Policy.Tokens;

/// <summary>What a token link should grant; input to <see cref="TokenLinkIssuer"/>.</summary>
/// <param name="Subject"><c>sub</c>: the operator id.</param>
/// <param name="Cameras"><c>cam</c>: camera paths or patterns such as <c>app/lobby-*</c>.</param>
/// <param name="Lifetime">From now to <c>exp</c>; at most the ring's <c>maxLifetimeSeconds</c>.</param>
internal sealed record TokenIssueRequest(string Subject, IReadOnlyList<string> Cameras, TimeSpan Lifetime)
{
    /// <summary>Optional <c>nbf</c>.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Optional <c>sx</c>: hard end of sessions opened with the link.</summary>
    public DateTimeOffset? SessionEnd { get; init; }

    /// <summary>Optional <c>cidr</c> networks the client must be in.</summary>
    public IReadOnlyList<string> Cidrs { get; init; } = [];

    /// <summary>Optional <c>jti</c>.</summary>
    public string? LinkId { get; init; }

    /// <summary>Optional <c>iss</c>; defaults to the ring's first accepted issuer, if any.</summary>
    public string? Issuer { get; init; }
}
