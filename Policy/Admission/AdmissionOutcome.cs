namespace SecureStream.Policy.Admission;

/// <summary>
/// Short, stable codes for the audit record's <c>webhook outcome</c> field and for metric tags.
/// A closed list: Seq queries and dashboards match on these strings.
/// </summary>
internal static class AdmissionOutcome
{
    /// <summary>HTTP 200 with <c>"allowed": true</c>.</summary>
    public const string Allowed = "allowed";

    /// <summary>HTTP 200 with <c>"allowed": false</c>: a healthy answer that says no.</summary>
    public const string Denied = "denied";

    /// <summary>No complete answer within the configured timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>Connection refused, reset, DNS or TLS failure.</summary>
    public const string ConnectionError = "connection_error";

    /// <summary>A status other than 200 and other than a redirect.</summary>
    public const string HttpStatus = "http_status";

    /// <summary>Not a JSON object, duplicate keys, <c>allowed</c> missing or not a boolean, bad <c>lifetime</c> or <c>new_url</c>.</summary>
    public const string MalformedResponse = "malformed_response";

    /// <summary>The body was larger than <c>maxResponseBytes</c>; it was not read further.</summary>
    public const string OversizedResponse = "oversized_response";

    /// <summary>A 3xx answer. Redirects are never followed: the URL comes from configuration only.</summary>
    public const string Redirect = "redirect";

    /// <summary>The circuit breaker is open; the receiver was not contacted.</summary>
    public const string CircuitOpen = "circuit_open";
}
