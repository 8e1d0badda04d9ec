using System.Globalization;
using SecureStream.Policy.Access;

namespace SecureStream.Proxy.Cli;

/// <summary>The <c>sign</c> verb's arguments, parsed and checked.</summary>
internal sealed record SignArguments(
    string Camera,
    string? Operator,
    TimeSpan Lifetime,
    TimeSpan? StreamEnd,
    string? Cidr,
    string BaseUrl,
    string? LinkKeyId,
    string? JwtKeyId,
    string? LinkId,
    string PolicyPath,
    bool Whep = false)
{
    public static bool TryParse(string[] args, out SignArguments options, out string problem)
    {
        options = new SignArguments(string.Empty, null, TimeSpan.FromHours(1), null, null, "ws://127.0.0.1:3333", null, null, null, "policy.json");
        problem = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--whep")
            {
                // WHEP clients POST to /app/stream/whep, and the path is part of what is signed.
                options = options with { Whep = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                problem = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--camera":
                    options = options with { Camera = value };
                    break;
                case "--operator":
                    options = options with { Operator = value };
                    break;
                case "--lifetime" when TryDuration(value, out var lifetime):
                    options = options with { Lifetime = lifetime };
                    break;
                case "--stream-end" when TryDuration(value, out var end):
                    options = options with { StreamEnd = end };
                    break;
                case "--cidr" when System.Net.IPNetwork.TryParse(value, out _):
                    options = options with { Cidr = value };
                    break;
                case "--base" when Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" or "http" or "https":
                    options = options with { BaseUrl = value };
                    break;
                case "--kid":
                    options = options with { LinkKeyId = value };
                    break;
                case "--jwt-kid":
                    options = options with { JwtKeyId = value };
                    break;
                case "--jti":
                    options = options with { LinkId = value };
                    break;
                case "--policy":
                    options = options with { PolicyPath = value };
                    break;
                default:
                    problem = $"'{name} {value}' is not understood";
                    return false;
            }
        }

        if (!CameraPath.TryParse(options.Camera, out _))
        {
            problem = "--camera app/stream is required";
            return false;
        }

        return true;
    }

    /// <summary>Durations as 90s, 15m, 2h, 7d, or a TimeSpan such as 01:30:00.</summary>
    private static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length > 1 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            duration = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(count),
                'm' => TimeSpan.FromMinutes(count),
                'h' => TimeSpan.FromHours(count),
                'd' => TimeSpan.FromDays(count),
                _ => default,
            };
            return duration > TimeSpan.Zero;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
