using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.Gate;

/// <summary>Checks the gate limits at start; reports every problem at once.</summary>
internal sealed class GateOptionsValidator : IValidateOptions<GateOptions>
{
    public ValidateOptionsResult Validate(string? name, GateOptions options)
    {
        var errors = new List<string>();
        if (options.MaxTargetLength is < 256 or > 65536)
        {
            errors.Add($"Gate:MaxTargetLength: {options.MaxTargetLength} is out of range; use 256-65536");
        }

        if (options.MaxParameters is < 4 or > 1024)
        {
            errors.Add($"Gate:MaxParameters: {options.MaxParameters} is out of range; use 4-1024");
        }

        if (options.MaxOfferBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"Gate:MaxOfferBytes: {options.MaxOfferBytes} is out of range; use 1024-1048576");
        }

        if (options.RequestsPerSecond is < 0 or > 100000)
        {
            errors.Add($"Gate:RequestsPerSecond: {options.RequestsPerSecond} is out of range; use 0 (off) to 100000");
        }

        if (options.RequestsPerSecond > 0 && options.Burst < 1)
        {
            errors.Add($"Gate:Burst: {options.Burst} must be at least 1 when Gate:RequestsPerSecond is set");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
