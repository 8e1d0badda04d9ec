namespace SecureStream.Proxy.Hosting;

/// <summary>
/// Decides whether the demo cameras and the demo wall run (docs/demo-cameras.md, "On or off"):
/// <c>DemoCameras:Enabled</c> <c>true</c> or <c>false</c> decides; <c>auto</c> (the default) turns
/// them on only while policy.json still uses development secrets (the default run) and off once a
/// real policy (no <c>file:data/dev-secrets/…</c> reference) is in use, so a production gateway
/// never serves the wall by forgetting to switch it off.
/// </summary>
internal static class DemoCamerasSwitch
{
    public const string Key = "DemoCameras:Enabled";

    /// <summary>The decision and why, for the start log.</summary>
    /// <param name="setting">The raw <c>DemoCameras:Enabled</c> value (null: missing, read as auto).</param>
    /// <param name="policyUsesDevelopmentSecrets">Whether policy.json references a development secret.</param>
    /// <param name="enabled">The decision.</param>
    /// <param name="why">A constant explanation for the log.</param>
    /// <returns>False when the setting is none of auto/true/false; the start must fail then.</returns>
    public static bool TryDecide(string? setting, bool policyUsesDevelopmentSecrets, out bool enabled, out string why)
    {
        var value = setting?.Trim();
        if (string.IsNullOrEmpty(value) || string.Equals(value, "auto", StringComparison.OrdinalIgnoreCase))
        {
            enabled = policyUsesDevelopmentSecrets;
            why = enabled
                ? "DemoCameras:Enabled is auto and policy.json uses development secrets"
                : "DemoCameras:Enabled is auto and policy.json uses no development secret (a real policy)";
            return true;
        }

        if (bool.TryParse(value, out enabled))
        {
            why = enabled ? "DemoCameras:Enabled is true" : "DemoCameras:Enabled is false";
            return true;
        }

        why = string.Empty;
        return false;
    }
}
