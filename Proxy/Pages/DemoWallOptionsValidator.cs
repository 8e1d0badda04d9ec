using Microsoft.Extensions.Options;
using SecureStream.Proxy.ClientAddresses;

namespace SecureStream.Proxy.Pages;

/// <summary>Checks the wall's keys at start and reports every problem at once, naming the key and the fix.</summary>
internal sealed class DemoWallOptionsValidator : IValidateOptions<DemoWallOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoWallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.WallClients.Count; i++)
        {
            var text = options.WallClients[i];
            var key = $"{DemoWallOptions.SectionName}:WallClients:{i}";
            if (!TrustedProxyOptionsValidator.TryParseNetwork(text, out var network))
            {
                errors.Add($"{key}: \"{text}\" is not a CIDR network; write address/prefix with no host bits set, e.g. 127.0.0.1/32 or 10.1.0.0/16");
            }
            else if (network.PrefixLength == 0)
            {
                errors.Add($"{key}: \"{text}\" lets every address fetch working demo links; list only the networks of the machines that show the wall");
            }
        }

        if (options.WallRequestsPerSecond is < 1 or > 1000)
        {
            errors.Add($"{DemoWallOptions.SectionName}:WallRequestsPerSecond: {options.WallRequestsPerSecond} is out of range; set it between 1 and 1000 (default 1)");
        }

        if (options.WallBurst is < 1 or > 10000)
        {
            errors.Add($"{DemoWallOptions.SectionName}:WallBurst: {options.WallBurst} is out of range; set it between 1 and 10000 (default 10)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
