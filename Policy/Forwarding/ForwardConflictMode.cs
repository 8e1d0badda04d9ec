namespace SecureStream.Policy.Forwarding;

/// <summary>
/// What happens to a forwarded parameter whose name the camera URL's own query already has
/// (<c>forwarding.onConflict</c>). Either way the camera URL's value stands: a viewer may add to
/// the registry's URL, never override it (docs/cameras.md "Forwarded parameters and pulls").
/// </summary>
internal enum ForwardConflictMode
{
    /// <summary>The request is refused with <c>forward_param_conflict</c> (400). The default.</summary>
    Refuse = 0,

    /// <summary>The parameter is left out; the rest of the query is forwarded.</summary>
    Drop,
}
