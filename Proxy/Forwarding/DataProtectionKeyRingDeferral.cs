using Microsoft.AspNetCore.DataProtection;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// YARP registers ASP.NET Core data protection for its session-affinity cookies, and data
/// protection registers a hosted service that reads the key ring at start-up. The gateway's
/// routes use no session affinity, so nothing protects or unprotects anything, yet the eager read
/// loaded the XML stack (System.Private.Xml, Xml.Linq, XDocument) and the key repository into
/// every idle gateway (≈ 4 MB of its resident memory, docs/benchmarks/memory-and-startup.md,
/// "Idle: where the memory goes"). Without the hosted service the key ring is read on the first
/// protect or unprotect, as it is in any host that never registered the service; data protection
/// itself stays registered and works unchanged.
/// </summary>
internal static class DataProtectionKeyRingDeferral
{
    /// <summary>Removes data protection's start-up key-ring read; keeps everything else it registered.</summary>
    public static IReverseProxyBuilder ReadKeyRingOnFirstUse(this IReverseProxyBuilder proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var dataProtection = typeof(DataProtectionOptions).Assembly;
        var services = proxy.Services;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService)
                && !descriptor.IsKeyedService
                && descriptor.ImplementationType?.Assembly == dataProtection)
            {
                services.RemoveAt(i);
            }
        }

        return proxy;
    }
}
