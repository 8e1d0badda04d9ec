using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// The one place that maps a reason to an HTTP-like status (as YARP's ReportProxyError does for
/// proxy errors). The same numbers go into WebSocket error frames.
/// </summary>
internal static class GateStatusCodes
{
    public static int For(AccessReason reason) => reason switch
    {
        AccessReason.Allowed => StatusCodes.Status200OK,

        AccessReason.MalformedTarget => StatusCodes.Status404NotFound,
        AccessReason.AmbiguousTarget or AccessReason.InvalidName or AccessReason.DuplicateParameter
            or AccessReason.TooManyParameters or AccessReason.ControlCharacter
            or AccessReason.ForwardParamConflict or AccessReason.RenditionUnknown => StatusCodes.Status400BadRequest,
        AccessReason.TargetTooLong => StatusCodes.Status414UriTooLong,
        AccessReason.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        AccessReason.UnknownHost => StatusCodes.Status421MisdirectedRequest,
        AccessReason.SessionNotFound or AccessReason.SessionEnded => StatusCodes.Status404NotFound,
        AccessReason.CredentialKicked or AccessReason.DemoWallClientNotAllowed => StatusCodes.Status403Forbidden,

        AccessReason.CredentialMissing or AccessReason.CredentialConflict or AccessReason.SignatureMissing
            or AccessReason.SignatureMalformed or AccessReason.SignatureInvalid or AccessReason.PolicyMalformed
            or AccessReason.PolicyTooLarge or AccessReason.LinkExpired or AccessReason.LinkNotActive
            or AccessReason.StreamExpired or AccessReason.TokenMalformed or AccessReason.TokenTooLarge
            or AccessReason.TokenInvalid or AccessReason.TokenExpired or AccessReason.TokenNotYetValid
            or AccessReason.TokenLifetimeTooLong or AccessReason.TokenKeyUnknown or AccessReason.TokenAlgorithmRefused
            or AccessReason.TokenAudienceInvalid or AccessReason.TokenIssuerInvalid or AccessReason.TokenTypeInvalid
            or AccessReason.TokenClaimMissing or AccessReason.LinkReused or AccessReason.KeyRetired
            or AccessReason.TicketMissing or AccessReason.TicketInvalid => StatusCodes.Status401Unauthorized,

        AccessReason.AddressNotAllowed or AccessReason.NotEntitled or AccessReason.OutsideTimeWindow
            or AccessReason.AnonymousNotAllowed or AccessReason.WebhookDenied
            or AccessReason.WebhookRedirectRefused => StatusCodes.Status403Forbidden,

        AccessReason.SessionLimit or AccessReason.RateLimited or AccessReason.LockedOut
            or AccessReason.TooManyPending or AccessReason.SnapshotLimit => StatusCodes.Status429TooManyRequests,

        AccessReason.WebhookUnavailable or AccessReason.AuditUnavailable
            or AccessReason.OriginUnavailable
            or AccessReason.SharedStateUnavailable => StatusCodes.Status503ServiceUnavailable,

        _ => StatusCodes.Status403Forbidden,
    };

    /// <summary>Short human title for the problem document; never echoes request data.</summary>
    public static string TitleFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => "Credential refused",
        StatusCodes.Status403Forbidden => "Access denied",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status414UriTooLong => "Request target too long",
        StatusCodes.Status421MisdirectedRequest => "Unknown host",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        StatusCodes.Status503ServiceUnavailable => "Temporarily unavailable",
        _ => "Refused",
    };
}
