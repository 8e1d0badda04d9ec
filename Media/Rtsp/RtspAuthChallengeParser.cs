using System.Text;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// Reads challenges from a <c>WWW-Authenticate</c> value. RFC 7235 §4.1 allows several challenges
/// in one value as well as one per header; both are read. Unknown schemes and Digest algorithms
/// this client cannot compute are dropped, so they can never be chosen.
/// </summary>
internal static class RtspAuthChallengeParser
{
    private const int MaxChallenges = 8;

    public static IReadOnlyList<RtspAuthChallenge> Parse(IEnumerable<string> headerValues)
    {
        var challenges = new List<RtspAuthChallenge>();
        foreach (var value in headerValues)
        {
            ParseOne(value, challenges);
            if (challenges.Count >= MaxChallenges)
            {
                break;
            }
        }

        return challenges;
    }

    private static void ParseOne(string value, List<RtspAuthChallenge> challenges)
    {
        var position = 0;
        string? scheme = null;
        Dictionary<string, string> parameters = new(StringComparer.OrdinalIgnoreCase);
        while (position < value.Length && challenges.Count < MaxChallenges)
        {
            SkipSeparators(value, ref position);
            var token = ReadToken(value, ref position);
            if (token.Length == 0)
            {
                // Not a token where one must be: the rest of this value is unreadable.
                break;
            }

            SkipWhiteSpace(value, ref position);
            if (position < value.Length && value[position] == '=' && scheme is not null)
            {
                // RFC 7235 §2.1: auth-param = token BWS "=" BWS ( token / quoted-string )
                position++;
                SkipWhiteSpace(value, ref position);
                if (!TryReadValue(value, ref position, out var parameter))
                {
                    break;
                }

                parameters.TryAdd(token, parameter);
                continue;
            }

            // A token not followed by '=' starts the next challenge.
            Add(scheme, parameters, challenges);
            scheme = token;
            parameters = new(StringComparer.OrdinalIgnoreCase);
        }

        Add(scheme, parameters, challenges);
    }

    private static void Add(string? scheme, Dictionary<string, string> parameters, List<RtspAuthChallenge> challenges)
    {
        if (scheme is null)
        {
            return;
        }

        parameters.TryGetValue("realm", out var realm);
        if (string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            challenges.Add(new RtspAuthChallenge("Basic", realm ?? string.Empty, null, null, string.Empty, false));
            return;
        }

        if (!string.Equals(scheme, "Digest", StringComparison.OrdinalIgnoreCase)
            || realm is null || !parameters.TryGetValue("nonce", out var nonce))
        {
            return;
        }

        // RFC 7616 §3.3: algorithm defaults to MD5.
        var algorithm = parameters.TryGetValue("algorithm", out var a) ? a.ToUpperInvariant() : "MD5";
        if (algorithm is not ("MD5" or "MD5-SESS" or "SHA-256" or "SHA-256-SESS"))
        {
            return;
        }

        var qopAuth = false;
        if (parameters.TryGetValue("qop", out var qop))
        {
            foreach (var option in qop.Split(',', StringSplitOptions.TrimEntries))
            {
                qopAuth |= option == "auth";
            }

            if (!qopAuth)
            {
                // Only auth-int was offered, which needs the entity body; this client does not do it.
                return;
            }
        }

        parameters.TryGetValue("opaque", out var opaque);
        challenges.Add(new RtspAuthChallenge("Digest", realm, nonce, opaque, algorithm.Replace("-SESS", "-sess", StringComparison.Ordinal), qopAuth));
    }

    private static void SkipWhiteSpace(string value, ref int position)
    {
        while (position < value.Length && value[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static void SkipSeparators(string value, ref int position)
    {
        while (position < value.Length && value[position] is ' ' or '\t' or ',')
        {
            position++;
        }
    }

    private static string ReadToken(string value, ref int position)
    {
        var start = position;
        while (position < value.Length && value[position] > ' ' && value[position] < 0x7F
            && !"()<>@,;:\\\"/[]?={}".Contains(value[position], StringComparison.Ordinal))
        {
            position++;
        }

        return value[start..position];
    }

    private static bool TryReadValue(string value, ref int position, out string result)
    {
        if (position < value.Length && value[position] == '"')
        {
            // RFC 7230 §3.2.6: quoted-string with quoted-pair.
            var text = new StringBuilder();
            position++;
            while (position < value.Length)
            {
                var c = value[position++];
                if (c == '"')
                {
                    result = text.ToString();
                    return true;
                }

                if (c == '\\' && position < value.Length)
                {
                    c = value[position++];
                }

                text.Append(c);
            }

            result = string.Empty;
            return false;
        }

        result = ReadToken(value, ref position);
        return result.Length > 0;
    }
}
