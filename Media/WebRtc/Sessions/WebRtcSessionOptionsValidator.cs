using Microsoft.Extensions.Options;

namespace SecureStream.Media.WebRtc.Sessions;

/// <summary>Checks <see cref="WebRtcSessionOptions"/> at start and reports every problem at once, each naming its key and the fix.</summary>
internal sealed class WebRtcSessionOptionsValidator : IValidateOptions<WebRtcSessionOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WebRtcSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Require(errors, nameof(options.ConnectTimeout), options.ConnectTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        // RFC 7675 §5.1: consent expires 30 s after the last verified check; less would drop browsers
        // that check every 5 s under packet loss, more keeps sending to someone who left.
        Require(errors, nameof(options.ConsentTimeout), options.ConsentTimeout, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        Require(errors, nameof(options.SenderReportInterval), options.SenderReportInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Require(errors, nameof(options.RetransmissionWindow), options.RetransmissionWindow, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{WebRtcSessionOptions.Section}:{key} is {value}; set it between {min} and {max}.");
        }
    }
}
