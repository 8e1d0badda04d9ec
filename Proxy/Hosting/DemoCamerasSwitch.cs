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

    /// <summary>
    /// Decides from <c>DemoCameras:Enabled</c> and <paramref name="developmentSecretUses"/>
    /// (<see cref="DevelopmentSecrets.FindUses"/>), and writes the decision back as
    /// <c>true</c>/<c>false</c>, so every later reader of the key sees the decision, not <c>auto</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is none of auto/true/false; the message names the key and the fix.</exception>
    public static bool Apply(ConfigurationManager settings, IReadOnlyList<string> developmentSecretUses, out string why)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(developmentSecretUses);
        var setting = settings[Key];
        var policyUses = developmentSecretUses.Any(use => use.StartsWith(DevelopmentSecrets.PolicyFilePrefix, StringComparison.Ordinal));
        if (!TryDecide(setting, policyUses, out var enabled, out why))
        {
            throw new InvalidOperationException($"{Key} is \"{setting}\"; set it to auto (the default), true or false.");
        }

        settings.AddInMemoryCollection([new(Key, enabled ? "true" : "false")]);
        return enabled;
    }

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
