using SecureStream.Policy.Access;

namespace SecureStream.Policy.Forwarding;

/// <summary>
/// What of a viewer's query goes to the camera: <see cref="AccessReason.Allowed"/> with the query
/// to append (without the leading <c>?</c>, empty when nothing passes), or a refusal with an empty
/// query.
/// </summary>
/// <param name="Reason">Allowed, <see cref="AccessReason.ControlCharacter"/>, <see cref="AccessReason.MalformedTarget"/> or <see cref="AccessReason.ForwardParamConflict"/>.</param>
/// <param name="Query">Only RFC 3986 unreserved characters, <c>%XX</c>, <c>&amp;</c> and <c>=</c>.</param>
internal readonly record struct ForwardResult(AccessReason Reason, string Query)
{
    /// <summary>True when the query may be forwarded.</summary>
    public bool IsAllowed => Reason == AccessReason.Allowed;
}
