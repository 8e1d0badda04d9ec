using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Cameras;

/// <summary>Every camera entry must be a valid name or pattern; all bad entries are reported.</summary>
internal sealed class CameraCatalogOptionsValidator : IValidateOptions<CameraCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CameraCatalogOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Known.Count; i++)
        {
            if (!CameraPattern.TryParse(options.Known[i], out _))
            {
                errors.Add($"Cameras:Known:{i}: '{options.Known[i]}' is not app/stream; use names of letters, digits, '-', '_', '.' and '*' for patterns");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
