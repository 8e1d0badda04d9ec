using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Tests.Audit;

namespace SecureStream.Policy.Tests.PolicyFile;

/// <summary>
/// The store remembers the latest reload, so readiness and the management API can say that the
/// running policy is not the file's; a later good file clears it.
/// </summary>
public sealed class PolicyStoreTests
{
    private const string Good = """{ "version": 1 }""";
    private const string GoodWithComment = """{ "version": 1 } // edited""";

    [Fact]
    public void Reload_RejectedThenFixed_RecordsEachOutcomeAndKeepsTheRunningPolicy()
    {
        using var directory = new TempDirectory();
        var path = directory.File("policy.json");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        File.WriteAllText(path, Good);
        var store = new PolicyStore(PolicyFileLoader.LoadFile(path, time).Snapshot!, path);
        var initial = store.Current;
        Assert.Null(store.LastReload);
        Assert.False(store.ReloadRejected);
        Assert.Equal(PolicyFileState.InEffect, store.InspectFile().State);

        var variable = "SS_TEST_UNSET_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        File.WriteAllText(path, $$"""{ "version": 1, "admission": { "enabled": true, "url": "http://127.0.0.1:9/", "secret": "env:{{variable}}" } }""");
        time.Advance(TimeSpan.FromMinutes(1));
        store.Reload(time);

        Assert.Same(initial, store.Current);
        Assert.True(store.ReloadRejected);
        var rejected = store.LastReload!;
        Assert.Equal(time.GetUtcNow(), rejected.Time);
        Assert.False(rejected.Succeeded);
        Assert.Null(rejected.ContentHash);
        Assert.Equal(1, rejected.ErrorCount);
        Assert.StartsWith($"$.admission.secret: environment variable {variable} is not set;", Assert.Single(rejected.Errors), StringComparison.Ordinal);
        var file = store.InspectFile();
        Assert.Equal(PolicyFileState.Changed, file.State);
        Assert.NotEqual(initial.ContentHash, file.ContentHash);

        File.WriteAllText(path, GoodWithComment);
        store.Reload(time);

        Assert.False(store.ReloadRejected);
        Assert.NotSame(initial, store.Current);
        Assert.Equal(store.Current.ContentHash, store.LastReload!.ContentHash);
        Assert.Empty(store.LastReload.Errors);
        Assert.Equal(new PolicyFileStatus(PolicyFileState.InEffect, store.Current.ContentHash), store.InspectFile());
    }

    [Fact]
    public void Reload_ThousandsOfProblems_KeepsTheFirstFiftyAndTheCount()
    {
        using var directory = new TempDirectory();
        var path = directory.File("policy.json");
        File.WriteAllText(path, Good);
        var store = new PolicyStore(PolicyFileLoader.LoadFile(path, TimeProvider.System).Snapshot!, path);
        var operators = string.Join(',', Enumerable.Range(0, 3000).Select(i => $$"""{ "id": "op{{i}}", "cameras": [ "not a pattern" ] }"""));
        File.WriteAllText(path, $$"""{ "version": 1, "operators": [ {{operators}} ] }""");

        store.Reload(TimeProvider.System);

        var attempt = store.LastReload!;
        Assert.True(attempt.ErrorCount >= 3000);
        Assert.Equal(PolicyReloadAttempt.MaxKeptErrors, attempt.Errors.Count);
        Assert.StartsWith("$.operators[0]", attempt.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void InspectFile_MissingFile_IsMissingAndAReloadIsRejected()
    {
        using var directory = new TempDirectory();
        var path = directory.File("policy.json");
        File.WriteAllText(path, Good);
        var store = new PolicyStore(PolicyFileLoader.LoadFile(path, TimeProvider.System).Snapshot!, path);
        File.Delete(path);

        Assert.Equal(new PolicyFileStatus(PolicyFileState.Missing, null), store.InspectFile());
        store.Reload(TimeProvider.System);
        Assert.True(store.ReloadRejected);
    }
}
