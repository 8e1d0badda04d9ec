using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>Checks the <c>CameraRegistry</c> section; every problem at once.</summary>
internal sealed class CameraRegistryOptionsValidator : IValidateOptions<CameraRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, CameraRegistryOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.StorePath))
        {
            errors.Add($"CameraRegistry:StorePath: is empty; name the registry file (default {CameraRegistryOptions.DefaultStorePath})");
        }
        else if (Directory.Exists(options.StorePath))
        {
            errors.Add($"CameraRegistry:StorePath: '{options.StorePath}' is a directory; name a file such as {CameraRegistryOptions.DefaultStorePath}");
        }

        for (var i = 0; i < options.VirtualHosts.Count; i++)
        {
            if (!CameraPath.IsSafeName(options.VirtualHosts[i]))
            {
                errors.Add($"CameraRegistry:VirtualHosts:{i}: '{options.VirtualHosts[i]}' is not a name of letters, digits, '-', '_' and '.'");
            }
        }

        if (options.VirtualHosts.Distinct(StringComparer.Ordinal).Count() != options.VirtualHosts.Count)
        {
            errors.Add("CameraRegistry:VirtualHosts: lists a name twice; list each virtual host once");
        }

        if (options.MaxRegistrations is < 1 or > 1_000_000)
        {
            errors.Add($"CameraRegistry:MaxRegistrations: {options.MaxRegistrations} is out of range; set it between 1 and 1000000");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
