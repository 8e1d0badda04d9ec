using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AddAudit_ConfiguredPath_WriterAppendsToThatJournal()
    {
        var path = _dir.File("sub/audit.jsonl");
        var sink = new CollectingSink();
        await using (var provider = Build(new() { ["Audit:JournalPath"] = path }, sink))
        {
            Assert.IsType<AuditJournalStartup>(Assert.Single(provider.GetServices<IHostedService>()));
            var writer = provider.GetRequiredService<IAuditWriter>();
            Assert.True(await writer.WriteAsync(AuditTestRecords.Decision(1), CancellationToken.None));
        }

        Assert.Equal(1, AuditVerifier.Verify(path).RecordCount);
        Assert.Single(sink.Events);
    }

    [Fact]
    public async Task AddAudit_InvalidSection_ValidationReportsEveryProblem()
    {
        await using var provider = Build(new() { ["Audit:JournalPath"] = "", ["Audit:Seq:ApiKey"] = "plain" }, new CollectingSink());

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AuditOptions>>().Value);

        Assert.Equal(3, ex.Failures.Count());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, CollectingSink sink)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAudit(_ => new Serilog.LoggerConfiguration().WriteTo.Sink(sink).CreateLogger());
        return services.BuildServiceProvider();
    }
}
