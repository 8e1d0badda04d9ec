using System.Globalization;

namespace SecureStream.TranscodeBench;

/// <summary>
/// The command line: <c>hub --camera URL --mode passthrough|audio|video</c> (the origin's own pull
/// and transcoder) or <c>command -- PROGRAM ARGS…</c> (any other program, e.g. a competitor's
/// ffmpeg command), each with <c>--seconds</c> measured after <c>--warmup</c>; <c>snapshot --camera
/// URL</c> (the origin's snapshot path) or <c>once -- PROGRAM ARGS…</c> (a one-shot command that
/// writes a JPEG), each <c>--repeat</c> times.
/// </summary>
internal sealed record BenchArguments(string Kind, Uri? Camera, string Mode, TimeSpan Measure, TimeSpan Warmup, IReadOnlyList<string> Command, string Label, int Repeat)
{
    /// <summary>hub: overrides <c>Transcoding:OpusCompressionLevel</c> (<c>--opus-compression-level N</c>).</summary>
    public int? OpusCompressionLevel { get; init; }

    /// <summary>hub: overrides <c>Transcoding:OpusFrameDurationMs</c> (<c>--opus-frame-ms 20|40|60</c>).</summary>
    public int? OpusFrameDurationMs { get; init; }

    public const string Usage =
        "usage: TranscodeBench hub --camera rtsp://127.0.0.1:PORT/MOUNT --mode passthrough|audio|video [--seconds 30] [--warmup 8] [--label L] [--opus-compression-level N] [--opus-frame-ms 20|40|60]\n" +
        "       TranscodeBench command [--seconds 30] [--warmup 8] [--label L] -- PROGRAM ARGS...\n" +
        "       TranscodeBench snapshot --camera rtsp://127.0.0.1:PORT/MOUNT [--repeat 20] [--warmup 3] [--label h264]  (rows snapshot-LABEL-cold|newkey|warm, go2rtc-decode-LABEL)\n" +
        "       TranscodeBench once [--repeat 20] [--warmup 1] [--label L] -- PROGRAM ARGS...   (--warmup: seconds between runs)";

    public static bool TryParse(string[] args, out BenchArguments parsed, out string problem)
    {
        parsed = new BenchArguments(string.Empty, null, string.Empty, TimeSpan.Zero, TimeSpan.Zero, [], string.Empty, 0);
        if (args.Length == 0 || args[0] is not ("hub" or "command" or "snapshot" or "once"))
        {
            problem = "first argument: hub, command, snapshot or once";
            return false;
        }

        Uri? camera = null;
        var mode = args[0] switch { "hub" => "video", "snapshot" => "camera", _ => "command" };
        var seconds = 30;
        var warmup = args[0] switch { "snapshot" => 3, "once" => 1, _ => 8 };
        var repeat = 20;
        int? compression = null;
        int? frameMs = null;
        var label = string.Empty;
        var command = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--":
                    command.AddRange(args[(i + 1)..]);
                    i = args.Length;
                    continue;
                case "--camera" when value is not null && Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == "rtsp":
                    camera = url;
                    break;
                case "--mode" when value is "passthrough" or "audio" or "video":
                    mode = value;
                    break;
                case "--seconds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds > 0:
                case "--warmup" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out warmup):
                case "--repeat" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out repeat) && repeat > 0:
                    break;
                case "--opus-compression-level" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level <= 10:
                    compression = level;
                    break;
                case "--opus-frame-ms" when value is "20" or "40" or "60":
                    frameMs = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--label" when value is not null:
                    label = value;
                    break;
                default:
                    problem = $"bad or incomplete argument '{args[i]}'";
                    return false;
            }

            i++;
        }

        if (args[0] is "hub" or "snapshot" && camera is null)
        {
            problem = args[0] + " needs --camera rtsp://127.0.0.1:PORT/MOUNT";
            return false;
        }

        if (args[0] is "command" or "once" && command.Count == 0)
        {
            problem = "command needs -- PROGRAM ARGS...";
            return false;
        }

        parsed = new BenchArguments(args[0], camera, mode, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(warmup), command, label.Length > 0 ? label : mode, repeat)
        {
            OpusCompressionLevel = compression,
            OpusFrameDurationMs = frameMs,
        };
        problem = string.Empty;
        return true;
    }
}
