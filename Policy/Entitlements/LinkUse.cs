namespace SecureStream.Policy.Entitlements;

/// <summary>How often one link id was used, and until when it must be remembered.</summary>
internal readonly record struct LinkUse(int Count, DateTimeOffset ForgetAfter);
