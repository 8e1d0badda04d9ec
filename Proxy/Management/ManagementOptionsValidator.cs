using Microsoft.Extensions.Options;
using SecureStream.Policy.Secrets;

namespace SecureStream.Proxy.Management;

/// <summary>The access token, when named, must resolve and be long enough to resist guessing.</summary>
internal sealed class ManagementOptionsValidator : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        if (string.IsNullOrEmpty(options.AccessToken))
        {
            return ValidateOptionsResult.Success;
        }

        if (!SecretReference.TryResolve(options.AccessToken, out var token, out var error))
        {
            return ValidateOptionsResult.Fail($"Management:AccessToken: {error}");
        }

        return token!.Length < 16
            ? ValidateOptionsResult.Fail("Management:AccessToken: shorter than 16 bytes; use a long random token")
            : ValidateOptionsResult.Success;
    }
}
