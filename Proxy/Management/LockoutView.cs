using System.Text.Json.Serialization;
using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Management;

/// <summary>A locked-out source as the management API shows it.</summary>
internal sealed record LockoutView(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("until")] DateTimeOffset Until,
    [property: JsonPropertyName("failures")] int Failures)
{
    public static LockoutView From(LockoutState state) => new(state.Source.ToString(), state.Since, state.Until, state.Failures);
}
