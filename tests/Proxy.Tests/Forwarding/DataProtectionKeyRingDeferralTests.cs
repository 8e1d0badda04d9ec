using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Media.Origin;
using SecureStream.Proxy.Forwarding;
using SecureStream.Proxy.Listeners;

namespace SecureStream.Proxy.Tests.Forwarding;

/// <summary>
/// The origin routing keeps data protection (YARP's affinity cookies need it) but reads its key
/// ring on first use instead of at start-up, so an idle gateway does not load the XML stack.
/// </summary>
public sealed class DataProtectionKeyRingDeferralTests
{
    private static readonly Type DataProtectionAssemblyMarker = typeof(DataProtectionOptions);

    [Fact]
    public void AddReverseProxy_Alone_RegistersDataProtectionsStartUpRead()
    {
        // The premise of the deferral: without it, a hosted service of data protection runs at start.
        var services = new ServiceCollection();

        services.AddReverseProxy();

        Assert.Contains(services, IsDataProtectionHostedService);
    }

    [Fact]
    public void AddOriginRouting_RemovesOnlyDataProtectionsHostedService()
    {
        var services = new ServiceCollection();
        services.AddHostedService<OtherHostedService>();

        services.AddOriginRouting(new OriginOptions(), new EndpointOptions { Port = 3380 });

        Assert.DoesNotContain(services, IsDataProtectionHostedService);
        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OtherHostedService));
        Assert.Contains(services, d => d.ServiceType == typeof(IDataProtectionProvider));
    }

    [Fact]
    public async Task AfterStartUp_TheKeyRingIsUnread_UntilTheFirstProtect_WhichRoundTrips()
    {
        var repository = new CountingRepository();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOriginRouting(new OriginOptions(), new EndpointOptions { Port = 3380 });
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = repository);
        await using var provider = services.BuildServiceProvider();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(timeout.Token);
        }

        Assert.Equal(0, repository.Reads);

        var protector = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var protectedText = protector.Protect("affinity-key");

        Assert.True(repository.Reads > 0);
        Assert.Equal("affinity-key", protector.Unprotect(protectedText));
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StopAsync(timeout.Token);
        }
    }

    private static bool IsDataProtectionHostedService(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService)
        && descriptor.ImplementationType?.Assembly == DataProtectionAssemblyMarker.Assembly;

    private sealed class OtherHostedService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>An in-memory key store that counts how often the key ring was read.</summary>
    private sealed class CountingRepository : IXmlRepository
    {
        private readonly List<XElement> _elements = [];
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public IReadOnlyCollection<XElement> GetAllElements()
        {
            Interlocked.Increment(ref _reads);
            lock (_elements)
            {
                return [.. _elements.Select(e => new XElement(e))];
            }
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            lock (_elements)
            {
                _elements.Add(new XElement(element));
            }
        }
    }
}
