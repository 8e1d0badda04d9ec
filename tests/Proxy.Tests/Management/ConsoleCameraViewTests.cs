using SecureStream.Media.Cameras;
using SecureStream.Proxy.Management;

namespace SecureStream.Proxy.Tests.Management;

public sealed class ConsoleCameraViewTests
{
    public static TheoryData<string, CameraStatisticsSnapshot?, string, string?> States => new()
    {
        { "not pulled", null, "idle", null },
        { "released", Snapshot("idle"), "idle", null },
        { "first source starting", Snapshot("starting") with { SourceCount = 2 }, "pulling", "source 1 of 2" },
        { "first source delivering", Snapshot("ready") with { SourceConnected = true, SourceCount = 3 }, "pulling", "source 1 of 3" },
        { "no viewers, still pulled", Snapshot("draining") with { SourceConnected = true }, "pulling", "source 1 of 1" },
        { "first source failed, retrying", Snapshot("starting") with { LastFailure = "connect_failed", SourceCount = 2 }, "failing", "source 1 of 2" },
        { "retrying the second", Snapshot("ready") with { LastFailure = "no_input", SourceIndex = 1, SourceCount = 2 }, "failing", "source 2 of 2" },
        { "second source delivering", Snapshot("ready") with { SourceConnected = true, LastFailure = "no_input", SourceIndex = 1, SourceCount = 3 }, "failedOver", "source 2 of 3" },
        { "back on the first", Snapshot("ready") with { SourceConnected = true, LastFailure = "no_input", SourceIndex = 0, SourceCount = 3 }, "pulling", "source 1 of 3" },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void StateOf_HubFigures_ConsoleStateAndSourceByIndex(string scenario, CameraStatisticsSnapshot? figures, string state, string? source)
    {
        Assert.False(string.IsNullOrEmpty(scenario));
        Assert.Equal(state, ConsoleCameraView.StateOf(figures));
        Assert.Equal(source, ConsoleCameraView.SourceOf(figures));
    }

    private static CameraStatisticsSnapshot Snapshot(string state) => new(state, [], 0, null, 0);
}
