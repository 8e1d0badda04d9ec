using Microsoft.Extensions.Configuration;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Settings;

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
        SectionCheck.Check(configuration, OriginMapOptions.SectionName, static section => section.Get<OriginMapOptions>(), new OriginMapOptionsValidator(), problems);
        SectionCheck.Check(configuration, CameraRegistryOptions.SectionName, static section => section.Get<CameraRegistryOptions>(), new CameraRegistryOptionsValidator(), problems);
        SectionCheck.Check(configuration, RedisOriginMapOptions.SectionName, static section => section.Get<RedisOriginMapOptions>(), new RedisOriginMapOptionsValidator(), problems);
        return problems;
    }
}
