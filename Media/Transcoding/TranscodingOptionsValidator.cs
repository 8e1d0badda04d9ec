using Microsoft.Extensions.Options;

namespace SecureStream.Media.Transcoding;

/// <summary>Checks <see cref="TranscodingOptions"/> at start and reports every problem at once, each naming its key and the fix.</summary>
internal sealed class TranscodingOptionsValidator : IValidateOptions<TranscodingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TranscodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.FfmpegPath) || !Path.IsPathFullyQualified(options.FfmpegPath))
        {
            errors.Add($"{TranscodingOptions.Section}:{nameof(options.FfmpegPath)} is '{options.FfmpegPath}'; set it to the absolute path of the ffmpeg program (Debian: /usr/bin/ffmpeg).");
        }

        Require(errors, nameof(options.MaxVideoTranscoders), options.MaxVideoTranscoders, 0, 256);
        Require(errors, nameof(options.MaxAudioTranscoders), options.MaxAudioTranscoders, 0, 1024);
        Require(errors, nameof(options.MaxOpenFiles), options.MaxOpenFiles, 16, 4096);
        Require(errors, nameof(options.NiceLevel), options.NiceLevel, 0, 19);
        Require(errors, nameof(options.ThreadsPerTranscoder), options.ThreadsPerTranscoder, 1, 16);
        Require(errors, nameof(options.OpusBitrate), options.OpusBitrate, 6_000, 510_000);
        Require(errors, nameof(options.OpusCompressionLevel), options.OpusCompressionLevel, 0, 10);
        if (options.OpusFrameDurationMs is not (20 or 40 or 60))
        {
            errors.Add($"{TranscodingOptions.Section}:{nameof(options.OpusFrameDurationMs)} is {options.OpusFrameDurationMs}; set it to 20, 40 or 60 (the Opus frame sizes WebRTC players take).");
        }

        // Below 128 MiB ffmpeg cannot even map its libraries; above 16 GiB the limit stops meaning anything.
        if (options.MemoryLimitBytes < (128L << 20) || options.MemoryLimitBytes > (16L << 30))
        {
            errors.Add($"{TranscodingOptions.Section}:{nameof(options.MemoryLimitBytes)} is {options.MemoryLimitBytes}; set it between {128L << 20} (128 MiB) and {16L << 30} (16 GiB).");
        }

        Require(errors, nameof(options.StallTimeout), options.StallTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Require(errors, nameof(options.StallMinCpuProgress), options.StallMinCpuProgress, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
        if (options.StallTimeoutMax is { } max && (max < options.StallTimeout || max > TimeSpan.FromMinutes(10)))
        {
            errors.Add($"{TranscodingOptions.Section}:{nameof(options.StallTimeoutMax)} is {max}; set it between {nameof(options.StallTimeout)} ({options.StallTimeout}) and {TimeSpan.FromMinutes(10)}, or leave it unset for four times {nameof(options.StallTimeout)}.");
        }

        Require(errors, nameof(options.RestartBackoffInitial), options.RestartBackoffInitial, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(30));
        Require(errors, nameof(options.RestartBackoffMax), options.RestartBackoffMax, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10));
        if (options.RestartBackoffMax < options.RestartBackoffInitial)
        {
            errors.Add($"{TranscodingOptions.Section}:{nameof(options.RestartBackoffMax)} is below {nameof(options.RestartBackoffInitial)}; set it to at least {options.RestartBackoffInitial}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{TranscodingOptions.Section}:{key} is {value}; set it between {min} and {max}.");
        }
    }

    private static void Require(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{TranscodingOptions.Section}:{key} is {value}; set it between {min} and {max}.");
        }
    }
}
