using Microsoft.Extensions.Options;

namespace SecureStream.Media.Rtsp;

/// <summary>Checks <see cref="RtspClientOptions"/> at start and reports every problem at once, each naming the fix.</summary>
internal sealed class RtspClientOptionsValidator : IValidateOptions<RtspClientOptions>
{
    public ValidateOptionsResult Validate(string? name, RtspClientOptions options)
    {
        var errors = new List<string>();
        Between(errors, nameof(options.ConnectTimeout), options.ConnectTimeout, 100, 60_000);
        Between(errors, nameof(options.ResponseTimeout), options.ResponseTimeout, 100, 60_000);
        Between(errors, nameof(options.UdpNoPacketTimeout), options.UdpNoPacketTimeout, 100, 60_000);
        Between(errors, nameof(options.ReceiverReportInterval), options.ReceiverReportInterval, 500, 60_000);
        Between(errors, nameof(options.KeyframeRequestRetryInterval), options.KeyframeRequestRetryInterval, 100, 10_000);
        Between(errors, nameof(options.KeyframeRequestMinInterval), options.KeyframeRequestMinInterval, 1_000, 300_000);
        if (!Enum.IsDefined(options.KeyframeRequest))
        {
            errors.Add($"{nameof(options.KeyframeRequest)} is {(int)options.KeyframeRequest}; set it to Pli, Fir or Off");
        }

        if (options.KeyframeRequestAttempts is < 1 or > 10)
        {
            errors.Add($"{nameof(options.KeyframeRequestAttempts)} is {options.KeyframeRequestAttempts}; set it between 1 and 10");
        }

        if (options.MaxRedirects is < 0 or > 10)
        {
            errors.Add($"{nameof(options.MaxRedirects)} is {options.MaxRedirects}; set it between 0 and 10");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent) || options.UserAgent.Any(char.IsControl))
        {
            errors.Add($"{nameof(options.UserAgent)} must be non-empty text without control characters");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Between(List<string> errors, string key, TimeSpan value, int minMs, int maxMs)
    {
        if (value.TotalMilliseconds < minMs || value.TotalMilliseconds > maxMs)
        {
            errors.Add($"{key} is {value.TotalMilliseconds} ms; set it between {minMs} and {maxMs} ms");
        }
    }
}
