using Microsoft.Extensions.Options;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>Checks <see cref="DtlsOptions"/> at start and reports every problem at once, each naming its key and the fix.</summary>
internal sealed class DtlsOptionsValidator : IValidateOptions<DtlsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DtlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.HandshakeTimeout < TimeSpan.FromSeconds(1) || options.HandshakeTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{DtlsOptions.Section}:HandshakeTimeout is {options.HandshakeTimeout}; set it between 00:00:01 and 00:01:00.");
        }

        // RFC 6347 §4.1.1: a DTLS record must fit one datagram; below ~576 bytes the certificate flight fragments absurdly.
        if (options.MaxSendDatagramSize is < 576 or > 1500)
        {
            errors.Add($"{DtlsOptions.Section}:MaxSendDatagramSize is {options.MaxSendDatagramSize}; set it between 576 and 1500 bytes.");
        }

        if (options.MaxReceiveDatagramSize is < 576 or > 65507)
        {
            errors.Add($"{DtlsOptions.Section}:MaxReceiveDatagramSize is {options.MaxReceiveDatagramSize}; set it between 576 and 65507 bytes.");
        }

        if (options.ReceiveQueueCapacity is < 4 or > 4096)
        {
            errors.Add($"{DtlsOptions.Section}:ReceiveQueueCapacity is {options.ReceiveQueueCapacity}; set it between 4 and 4096 datagrams.");
        }

        ValidateSrtpProfiles(options.SrtpProfiles, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSrtpProfiles(IReadOnlyList<string>? profiles, List<string> errors)
    {
        if (profiles is null)
        {
            return;
        }

        const string Key = DtlsOptions.Section + ":SrtpProfiles";
        if (profiles.Count == 0)
        {
            errors.Add($"{Key} is empty; list at least one of {SrtpProfileNames.Supported}, or remove it for the default.");
            return;
        }

        var seen = new HashSet<SrtpProfileId>();
        foreach (var name in profiles)
        {
            if (!SrtpProfileNames.TryParse(name, out var profile))
            {
                errors.Add($"{Key} names '{name}', which this server does not implement; use {SrtpProfileNames.Supported}.");
            }
            else if (!seen.Add(profile))
            {
                errors.Add($"{Key} lists {name} twice; name each profile once, most preferred first.");
            }
        }
    }
}
