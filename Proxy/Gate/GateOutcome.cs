using SecureStream.Policy.Access;
using SecureStream.Proxy.Forwarding;

namespace SecureStream.Proxy.Gate;

/// <summary>The gate's verdict: a deny reason, or an admission that says exactly what to forward.</summary>
internal readonly record struct GateOutcome(AccessReason Reason, GateAdmission? Admission, bool IsPreflight = false)
{
    public bool IsAllowed => Reason == AccessReason.Allowed;

    public static GateOutcome Deny(AccessReason reason) => new(reason, null);

    public static GateOutcome Preflight() => new(AccessReason.Allowed, null, IsPreflight: true);
}
