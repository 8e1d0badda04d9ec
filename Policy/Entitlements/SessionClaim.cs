using System.Net;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// What one new session asks of a <see cref="SessionPool"/>: a slot in the pool and in the shares
/// of its link and its source. Null caps mean no cap; a null link or source is not counted.
/// </summary>
/// <param name="MaxSessions">The pool's cap (<see cref="EntitlementResult.MaxSessions"/>).</param>
/// <param name="Link">The credential id (a <c>jti</c>, or a hash prefix of the link or token); never the credential.</param>
/// <param name="MaxSessionsPerLink">Most sessions one link may hold in the pool.</param>
/// <param name="Source">The client address, already reduced by <see cref="SourceAddress.Of"/>.</param>
/// <param name="MaxSessionsPerSource">Most sessions one source may hold in the pool.</param>
internal readonly record struct SessionClaim(int? MaxSessions, string? Link, int? MaxSessionsPerLink, IPAddress? Source, int? MaxSessionsPerSource);
