using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditServiceCollectionExtensionsTests : IDisposable
{
    private const string Node = "fd-test-1";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AddAudit_ConfiguredPath_WriterAppendsToThatJournal()
    {
        var path = _dir.File("sub/audit.jsonl");
        var sink = new CollectingSink();
        await using (var provider = Build(new() { ["Audit:JournalPath"] = path, ["Audit:CheckpointKey"] = KeyReference() }, sink))
        {
            Assert.IsType<AuditJournalStartup>(Assert.Single(provider.GetServices<IHostedService>()));
            var writer = provider.GetRequiredService<IAuditWriter>();
            Assert.True(await writer.WriteAsync(AuditTestRecords.Decision(1), CancellationToken.None));
        }

        // The decision and the shutdown checkpoint; the journal's own record reaches Serilog too.
        Assert.Equal(2, AuditVerifier.Verify(path).RecordCount);
        Assert.Equal(2, sink.Events.Count);
        Assert.Equal(AuditEventTypes.Checkpoint, sink.Events.ToArray()[1].Properties["EventType"].ToString().Trim('"'));

        // The node given to AddAudit is in every journal line and every Seq copy.
        Assert.All(File.ReadAllLines(path), line => Assert.Equal(Node, System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("node").GetString()));
        Assert.All(sink.Events, e => Assert.Equal(Node, e.Properties["Node"].ToString().Trim('"')));
    }

    [Fact]
    public async Task HostStop_ShutdownCheckpointWrittenOnceWhileTheAuditLoggerIsAlive()
    {
        var path = _dir.File("audit.jsonl");
        var sink = new CollectingSink();
        await using (var provider = Build(new() { ["Audit:JournalPath"] = path, ["Audit:CheckpointKey"] = KeyReference() }, sink))
        {
            Assert.True(await provider.GetRequiredService<IAuditWriter>().WriteAsync(AuditTestRecords.Decision(1), CancellationToken.None));

            await Assert.Single(provider.GetServices<IHostedService>()).StopAsync(CancellationToken.None);

            Assert.Equal(2, sink.Events.Count);
        }

        // Nothing was written after it: dispose adds no second checkpoint.
        Assert.Equal(2, AuditVerifier.Verify(path).RecordCount);
        Assert.Equal(2, sink.Events.Count);
    }

    [Fact]
    public async Task AddAudit_InvalidSection_ValidationReportsEveryProblem()
    {
        await using var provider = Build(new() { ["Audit:JournalPath"] = "", ["Audit:Seq:ApiKey"] = "plain", ["Audit:CheckpointKey"] = KeyReference() }, new CollectingSink());

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AuditOptions>>().Value);

        Assert.Equal(3, ex.Failures.Count());
    }

    private string KeyReference()
    {
        var path = _dir.File("checkpoint-key");
        File.WriteAllText(path, "0123456789abcdef0123456789abcdef");
        return "file:" + path;
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, CollectingSink sink)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAudit(_ => new Serilog.LoggerConfiguration().WriteTo.Sink(sink).CreateLogger(), _ => Node);
        return services.BuildServiceProvider();
    }
}
