using System.Net;
using System.Text;
using SecureStream.Proxy.Cli;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// Two front doors, each with its own journal: every record carries the door's node id, and
/// verify-audit over the collected journals checks the set (docs/audit.md, audit in a cluster).
/// </summary>
[Collection("environment")]
public sealed class ClusterAuditTests : IDisposable
{
    private readonly string _collected = Directory.CreateTempSubdirectory("cluster-audit-").FullName;

    public void Dispose() => Directory.Delete(_collected, recursive: true);

    [Fact]
    public async Task TwoFrontDoors_EveryRecordCarriesItsNode_VerifyAuditOverTheSetIsIntact()
    {
        var key = Path.Combine(_collected, "checkpoint-key");
        await File.WriteAllTextAsync(key, "cluster-audit-test-checkpoint-key-0123456789");
        await AdmitAndRefuseAsync("fd-east", key);
        await AdmitAndRefuseAsync("fd-west", key);

        foreach (var node in new[] { "fd-east", "fd-west" })
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(_collected, node, "audit.jsonl"));
            var records = lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
            Assert.Contains(records, r => r.GetProperty("type").GetString() == "access.decision" && r.GetProperty("decision").GetString() == "allow");
            Assert.Contains(records, r => r.GetProperty("type").GetString() == "access.decision" && r.GetProperty("decision").GetString() == "deny");
            Assert.Contains(records, r => r.GetProperty("type").GetString() == "audit.checkpoint");
            Assert.All(records, r => Assert.Equal(node, r.GetProperty("node").GetString()));
        }

        var output = new StringWriter();
        var exit = VerifyAuditCommand.Run([_collected, "--checkpoint-key", "file:" + key], output, new StringWriter());

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains(Path.Combine(_collected, "fd-east") + ": intact, ", text, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_collected, "fd-west") + ": intact, ", text, StringComparison.Ordinal);
        Assert.Contains("  node: fd-east, records ", text, StringComparison.Ordinal);
        Assert.Contains("  node: fd-west, records ", text, StringComparison.Ordinal);
        Assert.Matches(@"overall: intact, 2 journals, \d+ records, nodes fd-east, fd-west", text);
    }

    /// <summary>One front door named <paramref name="node"/>, journaling into the collected directory: one admission and one refusal.</summary>
    private async Task AdmitAndRefuseAsync(string node, string checkpointKey)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Cluster:NodeId"] = node,
            ["Audit:JournalPath"] = Path.Combine(_collected, node, "audit.jsonl"),
            ["Audit:CheckpointKey"] = "file:" + checkpointKey,
        });
        var allowed = await gateway.Client.PostAsync(gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"), Offer());
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var refused = await gateway.Client.PostAsync($"http://127.0.0.1:{gateway.HttpPort}/app/cam1/whep", Offer());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static StringContent Offer() => new("v=0\r\n", Encoding.ASCII, "application/sdp");
}
