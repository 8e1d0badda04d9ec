using System.Diagnostics.CodeAnalysis;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.RequestShape;

/// <summary>
/// The outcome of the request-shape check: <see cref="AccessReason.Allowed"/> with a
/// <see cref="Target"/>, or a refusal reason with a short constant <see cref="Detail"/>.
/// </summary>
/// <param name="Reason">Allowed, or why the target was refused.</param>
/// <param name="Target">The parsed target; null unless allowed.</param>
/// <param name="Detail">
/// A constant description of the refusal for diagnostics. Never contains request text, so it is
/// safe to log (query strings may carry credentials).
/// </param>
internal readonly record struct RequestShapeResult(AccessReason Reason, ParsedTarget? Target, string? Detail)
{
    /// <summary>True when the target passed and <see cref="Target"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Target))]
    public bool IsAllowed => Reason == AccessReason.Allowed && Target is not null;

    /// <summary>An accepted target.</summary>
    public static RequestShapeResult Accept(ParsedTarget target) => new(AccessReason.Allowed, target, null);

    /// <summary>A refusal; <paramref name="detail"/> must be a constant, never request text.</summary>
    public static RequestShapeResult Refuse(AccessReason reason, string detail) => new(reason, null, detail);
}
