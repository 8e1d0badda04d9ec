using Microsoft.Extensions.Options;
using SecureStream.Policy.SignedUrls;

namespace SecureStream.Proxy.Pages;

/// <summary>Wires the demo wall's link list; called only while demo cameras are enabled.</summary>
internal static class DemoWallServiceCollectionExtensions
{
    /// <summary>
    /// The wall's options (validated at start), its client check and its issuer, and its key,
    /// registered as a <see cref="ScopedSignedUrlKey"/> so the link validator accepts it for demo
    /// cameras only.
    /// </summary>
    public static IServiceCollection AddDemoWall(this IServiceCollection services)
    {
        services.AddOptions<DemoWallOptions>().BindConfiguration(DemoWallOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoWallOptions>, DemoWallOptionsValidator>();
        services.AddSingleton(WallLinkIssuer.CreateKey());
        services.AddSingleton<WallClients>();
        services.AddSingleton<WallLinkIssuer>();
        return services;
    }
}
