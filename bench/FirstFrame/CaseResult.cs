namespace SecureStream.FirstFrame;

/// <summary>The runs of one case (mode × keyframe interval) and the gateway's forwarding delays recorded meanwhile (ms).</summary>
internal sealed record CaseResult(
    ViewerMode Mode,
    int KeyframeIntervalSeconds,
    IReadOnlyList<ViewerResult> Runs,
    IReadOnlyList<double> ForwardingDelaysMs)
{
    public string Name => $"{Mode.ToString().ToLowerInvariant()} {KeyframeIntervalSeconds} s";

    public Distribution FirstFrame => Distribution.Of(Runs.Where(r => r.Succeeded).Select(r => r.FirstFrameMs!.Value));

    public Distribution Answer => Distribution.Of(Runs.Where(r => r.Succeeded).Select(r => r.AnswerMs!.Value));

    public Distribution Connected => Distribution.Of(Runs.Where(r => r.Succeeded && r.ConnectedMs is not null).Select(r => r.ConnectedMs!.Value));

    public int Failures => Runs.Count(r => !r.Succeeded);
}
