namespace SecureStream.Media.Transcoding;

/// <summary>
/// What one boxed ffmpeg does: read <see cref="InputFormat"/> from its stdin, write
/// <see cref="OutputFormat"/> to its stdout. The box adds the rest of the command line
/// (<see cref="FfmpegBox"/>), so a job cannot name a URL, a file or another protocol.
/// </summary>
/// <param name="InputFormat">The demuxer, pinned (<c>-f</c>): ffmpeg never guesses a format from the data.</param>
/// <param name="InputOptions">Demuxer and decoder options, placed before <c>-i pipe:0</c>.</param>
/// <param name="OutputOptions">Mapping, encoder and muxer options, placed before <c>pipe:1</c>.</param>
/// <param name="OutputFormat">The muxer (<c>-f</c>).</param>
internal sealed record FfmpegJob(
    string InputFormat,
    IReadOnlyList<string> InputOptions,
    IReadOnlyList<string> OutputOptions,
    string OutputFormat)
{
    /// <summary>
    /// The ffmpeg arguments: quiet (errors only, to the bounded stderr tail), only the pipe
    /// protocol on the input, formats pinned both ways, <paramref name="threads"/> codec threads.
    /// </summary>
    public IReadOnlyList<string> ToArguments(int threads)
    {
        RequireName(InputFormat);
        RequireName(OutputFormat);
        foreach (var option in InputOptions.Concat(OutputOptions))
        {
            // The box owns inputs, outputs and protocols: a job naming them is a programming error.
            if (option is "-i" or "-protocol_whitelist" or "-y" || option.Contains("://", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"ffmpeg option '{option}' is reserved to the box");
            }
        }

        var threadCount = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            "-hide_banner", "-nostats", "-loglevel", "error", "-filter_threads", "1",
            "-protocol_whitelist", "pipe", "-f", InputFormat, "-threads", threadCount,
        ];
        arguments.AddRange(InputOptions);
        arguments.AddRange(["-i", "pipe:0"]);
        arguments.AddRange(OutputOptions);
        arguments.AddRange(["-threads", threadCount, "-f", OutputFormat, "pipe:1"]);
        return arguments;
    }

    private static void RequireName(string format)
    {
        if (format.Length is 0 or > 32 || !format.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{format}' is not an ffmpeg format name", nameof(format));
        }
    }
}
