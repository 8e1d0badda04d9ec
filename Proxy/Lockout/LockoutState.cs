using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Lockout;

/// <summary>One source's lockout: since when, until when, and the failures that caused it.</summary>
internal readonly record struct LockoutState(ClientSource Source, DateTimeOffset Since, DateTimeOffset Until, int Failures);
