using System.Text.Json;

namespace SecureStream.FirstFrame;

/// <summary>What the tool prints: a line per case as it ends, then one table; optionally every run as JSON.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void PrintCase(TextWriter report, CaseResult result)
    {
        var first = result.FirstFrame;
        var forwarding = Distribution.Of(result.ForwardingDelaysMs);
        report.WriteLine($"   {result.Name}: first frame n={first.Count} p50 {first.P50:F0} ms, p90 {first.P90:F0} ms, max {first.Max:F0} ms; failures {result.Failures}");
        report.WriteLine($"   {result.Name}: answer p50 {result.Answer.P50:F0} ms, connected p50 {result.Connected.P50:F0} ms");
        report.WriteLine($"   {result.Name}: forwarding delay, {forwarding.Count} video frames: p50 {forwarding.P50:F2} ms, p99 {forwarding.P99:F2} ms, max {forwarding.Max:F2} ms");
    }

    public static void PrintTable(TextWriter report, IReadOnlyList<CaseResult> results, IReadOnlyList<double> steadyDelaysMs, string load)
    {
        report.WriteLine();
        report.WriteLine("| Case | Keyframe interval | Runs | First frame p50 | p90 | max | Answer p50 | Connected p50 | Failures |");
        report.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var f = r.FirstFrame;
            report.WriteLine($"| {r.Mode.ToString().ToLowerInvariant()} | {r.KeyframeIntervalSeconds} s | {f.Count} | {f.P50:F0} ms | {f.P90:F0} ms | {f.Max:F0} ms | {r.Answer.P50:F0} ms | {r.Connected.P50:F0} ms | {r.Failures} |");
        }

        var all = Distribution.Of(results.SelectMany(r => r.ForwardingDelaysMs));
        report.WriteLine();
        var steady = Distribution.Of(steadyDelaysMs);
        report.WriteLine($"forwarding delay (camera packet in → last SRTP packet out), live video frames:");
        report.WriteLine($"  steady state  n={steady.Count,6}, p50 {steady.P50:F3} ms, p90 {steady.P90:F3} ms, p99 {steady.P99:F3} ms, max {steady.Max:F3} ms");
        report.WriteLine($"  during cases  n={all.Count,6}, p50 {all.P50:F3} ms, p90 {all.P90:F3} ms, p99 {all.P99:F3} ms, max {all.Max:F3} ms (viewers joining and leaving)");
        report.WriteLine($"load average at the end: {load}");
    }

    public static async Task WriteJsonAsync(string path, IReadOnlyList<CaseResult> results, IReadOnlyList<double> steadyDelaysMs)
    {
        var cases = results.Select(r => new
        {
            mode = r.Mode.ToString().ToLowerInvariant(),
            keyframeIntervalSeconds = r.KeyframeIntervalSeconds,
            firstFrameMs = r.FirstFrame,
            answerMs = r.Answer,
            connectedMs = r.Connected,
            forwardingDelayMs = Distribution.Of(r.ForwardingDelaysMs),
            runs = r.Runs,
        });
        var document = new { cases, steadyForwardingDelayMs = Distribution.Of(steadyDelaysMs) };
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, Indented);
    }
}
