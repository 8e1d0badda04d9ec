using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>Wires up the DTLS capability.</summary>
internal static class DtlsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="DtlsOptions"/> (section <c>WebRtc:Dtls</c>) at start, and
    /// registers the process certificate (<see cref="DtlsCertificateStore"/>, generated once) and
    /// the <see cref="DtlsSessionFactory"/> as singletons.
    /// </summary>
    public static IServiceCollection AddDtls(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DtlsOptions>().BindConfiguration(DtlsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DtlsOptions>, DtlsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DtlsCertificateStore>();
        services.TryAddSingleton<DtlsSessionFactory>();
        return services;
    }
}
