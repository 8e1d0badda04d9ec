namespace SecureStream.Policy.Redis;

/// <summary>
/// The shared store (Redis, in cluster mode) did not answer in time or could not be reached. The
/// caller fails closed: an admission that needed the answer is refused
/// (<see cref="Access.AccessReason.SharedStateUnavailable"/>), never let through uncounted.
/// </summary>
public sealed class SharedStateUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
