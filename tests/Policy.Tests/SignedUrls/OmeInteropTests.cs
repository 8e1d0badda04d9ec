using System.Diagnostics;
using System.Net;
using SecureStream.Media.Tests.Interop;
using SecureStream.Policy.Access;
using SecureStream.Policy.SignedUrls;
using static SecureStream.Policy.Tests.SignedUrls.SignedUrlTestKit;

namespace SecureStream.Policy.Tests.SignedUrls;

/// <summary>
/// Links made by tests/Interop/ome_signed_policy.py — an independent Python implementation of
/// OME's algorithm written from docs/links.md — must verify here, and tampered ones must not.
/// python3 is installed by scripts/test.sh.
/// </summary>
public sealed class OmeInteropTests
{
    private static readonly long ExpireMs = Now.AddMinutes(10).ToUnixTimeMilliseconds();

    [Fact]
    public async Task Python_LinksDocVector_ReproducesSignature()
    {
        var link = await GenerateAsync("--secret", "1kU^b6", "--url", "ws://192.168.0.100:3333/app/stream", "--url-expire", "1399721581");
        Assert.Equal("ws://192.168.0.100:3333/app/stream?policy=eyJ1cmxfZXhwaXJlIjoxMzk5NzIxNTgxfQ&signature=dvVdBpoxAeCPl94Kt5RoiqLI0YE", link);
    }

    public static TheoryData<string, string[], string, string?> Links => new()
    {
        { "plain, port explicit", [], "ws://cams.example.com:3333/app/cam1", null },
        { "no port: default inserted, Host header without port", [], "wss://cams.example.com/app/cam1", "cams.example.com" },
        { "extra params signed along", ["--extra", "transport=tcp", "--extra", "direction=whep"], "https://cams.example.com:8443/app/cam1/whep", null },
        { "allow_ip and url_activate", ["--allow-ip", "203.0.113.0/24", "--url-activate", Now.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)], "ws://10.0.0.9:3333/app/cam1", null },
        { "IPv6 host and real_ip", ["--real-ip", "2001:db8::/32", "--stream-expire", Now.AddHours(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)], "ws://[2001:db8::5]:3333/app/cam1", null },
    };

    [Theory]
    [MemberData(nameof(Links))]
    public async Task Validate_PythonLink_AcceptedAndTamperedRefused(string because, string[] extraArgs, string url, string? hostHeader)
    {
        string[] args = ["--secret", Secret, "--url", url, "--url-expire", ExpireMs.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs];
        var link = await GenerateAsync(args);
        var uri = new Uri(url);
        var client = IPAddress.Parse("2001:db8::77");
        var input = Input(link, localPort: uri.Port, hostHeader: hostHeader, client: client);

        var result = Validator().Validate(input, DefaultRing());
        Assert.True(result.IsAllowed, $"{because}: {result.Reason} {result.Detail}");

        var tampered = Input(link.Replace("/app/cam1", "/app/cam2", StringComparison.Ordinal), localPort: uri.Port, hostHeader: hostHeader, client: client);
        Assert.Equal(AccessReason.SignatureInvalid, Validator().Validate(tampered, DefaultRing()).Reason);
    }

    [Fact]
    public async Task Validate_PythonSha256Link_AcceptedBySha256Key()
    {
        var link = await GenerateAsync("--secret", Secret, "--url", "wss://cams.example.com:443/app/cam1",
            "--url-expire", ExpireMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--sha256");
        var ring = Ring(VHost("d", ["*"], Key("s", algorithm: "HMAC-SHA256")));
        Assert.True(Validator().Validate(Input(link), ring).IsAllowed);
        Assert.Equal(AccessReason.SignatureMalformed, Validator().Validate(Input(link), DefaultRing()).Reason);
    }

    [Fact]
    public async Task Validate_PythonLinkWithSecondsExpiry_PolicyMalformed()
    {
        // The OME pitfall: url_expire in seconds. OME would treat it as 1970 and say expired; we say why.
        var seconds = Now.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var link = await GenerateAsync("--secret", Secret, "--url", "wss://cams.example.com:443/app/cam1", "--url-expire", seconds);
        var result = Validator().Validate(Input(link), DefaultRing());
        Assert.Equal(AccessReason.PolicyMalformed, result.Reason);
        Assert.Contains("seconds instead of milliseconds", result.Detail, StringComparison.Ordinal);
    }

    private static async Task<string> GenerateAsync(params string[] args)
    {
        var start = new ProcessStartInfo(RequiredProgram.Find("python3", "python3"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ScriptPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return (await stdout).Trim();
    }

    private static string ScriptPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureStream.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "Interop", "ome_signed_policy.py");
            }
        }

        throw new InvalidOperationException("SecureStream.sln not found above " + AppContext.BaseDirectory);
    }
}
