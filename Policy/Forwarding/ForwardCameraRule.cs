using System.Collections.Frozen;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Forwarding;

/// <summary>A validated <c>forwarding.cameras</c> entry.</summary>
/// <param name="Pattern">The cameras it applies to.</param>
/// <param name="Allow">The names forwarded to them (ordinal).</param>
internal sealed record ForwardCameraRule(CameraPattern Pattern, FrozenSet<string> Allow);
