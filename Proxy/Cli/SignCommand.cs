using System.Net;
using SecureStream.Policy.Access;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.Hosting;
using SecureStream.Proxy.Links;

namespace SecureStream.Proxy.Cli;

/// <summary>
/// <c>sign</c>: mints an OME-style signed link, a player page URL and a JWT link for one camera —
/// what an integrator needs to test a deployment in a minute (docs/links.md, "The sign command"),
/// made by <see cref="ViewerLinkMinter"/>, as the management API's links are. Parameter names, key ids, audience and issuer come from
/// policy.json; the keys come from the environment (<c>SECURESTREAM_SIGN_KEY</c> for the link,
/// <c>SECURESTREAM_JWT_KEY</c> for an HS256 token), else from the policy's own references.
/// </summary>
internal static class SignCommand
{
    public const string LinkKeyVariable = "SECURESTREAM_SIGN_KEY";
    public const string JwtKeyVariable = "SECURESTREAM_JWT_KEY";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (!SignArguments.TryParse(args, out var options, out var problem))
        {
            error.WriteLine("sign: " + problem);
            GatewayCommandLine.PrintUsage(error);
            return 2;
        }

        var loaded = PolicyFileLoader.LoadFile(options.PolicyPath, TimeProvider.System);
        if (loaded.Snapshot is not { } policy)
        {
            error.WriteLine($"sign: {options.PolicyPath} is invalid: " + string.Join("; ", loaded.Errors));
            return 1;
        }

        var now = DateTimeOffset.UtcNow;
        var claims = new SignedPolicyClaims(now + options.Lifetime)
        {
            StreamExpire = options.StreamEnd is { } end ? now + end : null,
            AllowIp = options.Cidr is null ? null : IPNetwork.Parse(options.Cidr),
            Subject = options.Operator,
            LinkId = options.LinkId,
        };
        var exitCode = 0;
        var viewerBase = new Uri(options.BaseUrl);
        var signalling = ViewerLinkMinter.SignallingUrl(viewerBase, options.Camera, options.Whep);
        if (ResolveLinkKey(policy.SignedUrls, options.LinkKeyId, out var secret, out var keyId, out var algorithm, out var linkProblem))
        {
            output.WriteLine("signed link: " + ViewerLinkMinter.Sign(signalling, claims, keyId, secret!, algorithm, policy.SignedUrls.Names));

            // The player page passes its own query to its WHEP POST on the same scheme, host and
            // port (docs/pages.md), so the page link carries a link signed for exactly that.
            output.WriteLine("play: " + ViewerLinkMinter.SignedPlayerPage(viewerBase, options.Camera, CameraRendition.Main, claims, keyId, secret!, algorithm, policy.SignedUrls.Names));
        }
        else
        {
            error.WriteLine("sign: no signed link: " + linkProblem);
            exitCode = 1;
        }

        if (options.Operator is null)
        {
            output.WriteLine("token: (none: a JWT needs --operator)");
            return exitCode;
        }

        var ring = policy.Tokens;
        if (Environment.GetEnvironmentVariable(JwtKeyVariable) is { Length: > 0 } jwtSecret)
        {
            var errors = new List<string>();
            var kid = options.JwtKeyId ?? "cli";
            TokenKeyRing.TryCreate(
                new TokenSettings
                {
                    Audience = ring.Audience,
                    Issuers = ring.Issuers.ToList(),
                    MaxLifetimeSeconds = (int)ring.MaxLifetime.TotalSeconds,
                    Keys = [new TokenKeySettings { Kid = kid, Algorithm = "HS256", Secret = "env:" + JwtKeyVariable }],
                },
                "$.tokens",
                errors,
                out var cliRing);
            if (cliRing is null)
            {
                error.WriteLine("sign: " + JwtKeyVariable + ": " + string.Join("; ", errors));
                return 1;
            }

            ring = cliRing;
            options = options with { JwtKeyId = kid };
        }

        var tokenKeyId = options.JwtKeyId ?? ring.KeyIds.FirstOrDefault();
        var request = new TokenIssueRequest(options.Operator, [options.Camera], options.Lifetime)
        {
            SessionEnd = claims.StreamExpire,
            Cidrs = options.Cidr is null ? [] : [options.Cidr],
            LinkId = options.LinkId,
            Issuer = ring.Issuers.FirstOrDefault(),
        };
        var tokenProblem = "policy.json has no token keys; set " + JwtKeyVariable;
        if (tokenKeyId is not null && ViewerLinkMinter.TryMintToken(ring, tokenKeyId, request, TimeProvider.System, out var token, out tokenProblem))
        {
            output.WriteLine("token: " + token);
            output.WriteLine($"  use as: Authorization: Bearer <token>   or   {signalling}?token=<token>");
            output.WriteLine($"  play:   {ViewerLinkMinter.PlayerPage(viewerBase, options.Camera)}#token=<token>");
        }
        else
        {
            error.WriteLine("sign: no token: " + tokenProblem);
            exitCode = 1;
        }

        return exitCode;
    }

    private static bool ResolveLinkKey(
        SignedUrlKeyRing ring,
        string? wantedId,
        out SecretValue? secret,
        out string? keyId,
        out SignedUrlAlgorithm algorithm,
        out string problem)
    {
        secret = null;
        keyId = null;
        algorithm = SignedUrlAlgorithm.HmacSha1;
        problem = string.Empty;
        if (Environment.GetEnvironmentVariable(LinkKeyVariable) is { Length: > 0 } fromEnvironment)
        {
            secret = SecretValue.FromText(fromEnvironment);
            keyId = wantedId;
            return true;
        }

        foreach (var key in ring.VirtualHosts.SelectMany(v => v.Keys))
        {
            if (wantedId is null || key.Id == wantedId)
            {
                // The policy names the key that signed it, so the gateway tries only that key.
                secret = key.Secret;
                keyId = key.Id;
                algorithm = key.Algorithm;
                return true;
            }
        }

        problem = wantedId is null
            ? $"policy.json has no signed-link keys; set {LinkKeyVariable}"
            : $"policy.json has no signed-link key '{wantedId}' (--kid); set {LinkKeyVariable} or name a key of signedUrls.virtualHosts[].keys";
        return false;
    }
}
