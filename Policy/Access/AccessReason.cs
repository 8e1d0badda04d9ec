namespace SecureStream.Policy.Access;

/// <summary>
/// The closed list of reasons the gate gives for a decision. Every deny carries exactly one;
/// the wire code (<see cref="AccessReasonCodes"/>) and the HTTP status (the front door's
/// single mapping function) are derived from it. Documented in docs/reason-codes.md; a value is
/// never renumbered or reused.
/// </summary>
public enum AccessReason
{
    /// <summary>Admitted.</summary>
    Allowed = 0,

    // Request shape (400)
    MalformedTarget,
    AmbiguousTarget,
    InvalidName,
    DuplicateParameter,
    TargetTooLong,
    TooManyParameters,
    ControlCharacter,
    UnknownHost,
    BodyTooLarge,

    // Credentials (401)
    CredentialMissing,
    CredentialConflict,
    SignatureMissing,
    SignatureMalformed,
    SignatureInvalid,
    PolicyMalformed,
    PolicyTooLarge,
    LinkExpired,
    LinkNotActive,
    StreamExpired,
    TokenMalformed,
    TokenTooLarge,
    TokenInvalid,
    TokenExpired,
    TokenNotYetValid,
    TokenLifetimeTooLong,
    TokenKeyUnknown,
    TokenAlgorithmRefused,
    TokenAudienceInvalid,
    TokenIssuerInvalid,
    TokenTypeInvalid,
    TokenClaimMissing,
    LinkReused,
    KeyRetired,

    // Authorisation (403)
    AddressNotAllowed,
    NotEntitled,
    OutsideTimeWindow,
    AnonymousNotAllowed,
    WebhookDenied,
    WebhookRedirectRefused,

    // Limits (429)
    SessionLimit,
    RateLimited,

    // Unavailable (503)
    WebhookUnavailable,
    AuditUnavailable,
    OriginUnavailable,

    // Origin side: signalling that did not come through the gate (401)
    TicketMissing,
    TicketInvalid,

    // A WHEP session resource that does not exist (404)
    SessionNotFound,

    // A WHEP session resource whose session ended a moment ago: the viewer's hang-up crossed the end (404)
    SessionEnded,

    // The credential's session was kicked through the management API; it stays barred until it expires (403)
    CredentialKicked,

    // A forwarded query parameter names one the camera URL already has, or appears twice in any letter case (400)
    ForwardParamConflict,
    // The demo wall's link list, asked for by a client outside DemoCameras:WallClients or through an untrusted proxy (403)
    DemoWallClientNotAllowed,

    // The source sent too many signature or token failures and is refused for a while, before anything is parsed (429)
    LockedOut,

    // The source already has its share of admissions waiting on the webhook or the journal (429)
    TooManyPending,

    // The rendition query parameter is not exactly rendition=main or rendition=sub, or appears twice (400)
    RenditionUnknown,
    // The source already has its share of snapshots in flight, or all snapshot places are taken (Gate:MaxSnapshotsPerSource, Gate:MaxSnapshots) (429)
    SnapshotLimit,

    // Cluster mode: the shared state in Redis (counts, link uses, kicks, lockouts) did not answer in time, so the admission is refused rather than let through uncounted (503)
    SharedStateUnavailable,
}
