using System.Globalization;

namespace SecureStream.TranscodeBench;

/// <summary>
/// One measured run. CPU figures are CPU-seconds per wall-second of the measured window (0.02 =
/// 2 % of one core); latencies in milliseconds, null when the run has none.
/// </summary>
/// <param name="GatewayCpu">This process (the origin's pull, fan-out and transcoder plumbing); null for a command run.</param>
/// <param name="ChildCpu">The ffmpeg (or the command) process; null when there is none.</param>
/// <param name="FramesIn">Camera frames of the transcoded (or, pass-through, the measured) track received in the window.</param>
/// <param name="FramesOut">Transcoded frames a viewer read in the window.</param>
/// <param name="Added">Camera frame received → transcoded frame read by a viewer.</param>
/// <param name="PassThrough">Camera frame received → the same frame read by a pass-through viewer.</param>
/// <param name="Restarts">ffmpeg restarts during the run (the child CPU is then incomplete).</param>
internal sealed record RunResult(
    string Label,
    double WallSeconds,
    double? GatewayCpu,
    double? ChildCpu,
    long FramesIn,
    long FramesOut,
    (double P50, double P95)? Added,
    (double P50, double P95)? PassThrough,
    int Restarts)
{
    public const string Header = "label\twall_s\tgateway_cpu_pct\tffmpeg_cpu_pct\tframes_in\tframes_out\tlatency_p50_ms\tlatency_p95_ms\tpassthrough_p50_ms\tpassthrough_p95_ms\trestarts";

    /// <summary>One tab-separated line under <see cref="Header"/>; "-" where there is no figure.</summary>
    public string ToLine()
    {
        var c = CultureInfo.InvariantCulture;
        static string Or(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        return string.Join(
            '\t',
            Label,
            WallSeconds.ToString("0.0", c),
            Or(GatewayCpu * 100, "0.00"),
            Or(ChildCpu * 100, "0.00"),
            FramesIn.ToString(c),
            FramesOut.ToString(c),
            Or(Added?.P50, "0.0"),
            Or(Added?.P95, "0.0"),
            Or(PassThrough?.P50, "0.0"),
            Or(PassThrough?.P95, "0.0"),
            Restarts.ToString(c));
    }
}
