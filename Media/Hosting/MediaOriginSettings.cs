using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SecureStream.Media.Cameras;

namespace SecureStream.Media.Hosting;

/// <summary>
/// The origin's settings as <c>check-config</c> sees them (part of the origin's face,
/// docs/architecture.md "The origin's face"): the front door's command line validates the
/// origin's sections without starting anything and without naming the origin's validators.
/// </summary>
public static class MediaOriginSettings
{
    /// <summary>
    /// Every problem in the camera registry's sections (<c>OriginMap</c>, <c>CameraRegistry</c>,
    /// <c>OriginMapStore</c>) of <paramref name="configuration"/>, each naming its key and the fix,
    /// as the host's start reports them; empty when they are valid.
    /// </summary>
    public static IReadOnlyList<string> CheckCameraRegistry(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        Check(configuration, OriginMapOptions.SectionName, new OriginMapOptionsValidator(), problems);
        Check(configuration, CameraRegistryOptions.SectionName, new CameraRegistryOptionsValidator(), problems);
        Check(configuration, RedisOriginMapOptions.SectionName, new RedisOriginMapOptionsValidator(), problems);
        return problems;
    }

    private static void Check<T>(IConfiguration configuration, string section, IValidateOptions<T> validator, List<string> problems)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // A value of the wrong type (a word where a number belongs): named like any other problem.
            problems.Add($"{section}: {ex.Message}");
            return;
        }

        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            problems.AddRange(result.Failures);
        }
    }
}
