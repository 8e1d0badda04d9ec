using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Hosting;

/// <summary>
/// The gateway executable started as an operator starts it (its own process, its own working
/// folder, the repository's policy.json): what it says at start about development secrets and
/// about the demo cameras, and whether the wall is there (docs/demo-cameras.md, "On or off").
/// </summary>
public sealed partial class GatewayStartTests
{
    private const string DemoDecided = "Demo cameras and the demo wall are ";
    private const string SecretsInUse = "Development secrets (data/dev-secrets/) are in use by ";

    [Fact]
    public async Task SecondStart_DefaultPolicy_WarnsAgainNamingTheSettingsNeverTheValues()
    {
        using var folder = new TempFolder();
        File.Copy(Path.Combine(RepositoryRoot.Find(), "policy.json"), Path.Combine(folder.Path, "policy.json"));

        var first = await StartAndReadAsync(folder.Path);
        var second = await StartAndReadAsync(folder.Path);

        Assert.Contains("Created development secret data/dev-secrets/link-key", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Created development secret", second.Output, StringComparison.Ordinal);
        const string Named = SecretsInUse + "policy.json $.signedUrls.virtualHosts[0].keys[0].secret, policy.json $.tokens.keys[0].secret, Audit:CheckpointKey, Management:AccessToken;";
        Assert.Contains(Named, first.Output, StringComparison.Ordinal);
        Assert.Contains(Named, second.Output, StringComparison.Ordinal);
        Assert.Matches(WarningLine(), second.Output);
        foreach (var secret in Directory.GetFiles(Path.Combine(folder.Path, "data", "dev-secrets")))
        {
            Assert.DoesNotContain(File.ReadAllText(secret).Trim(), second.Output, StringComparison.Ordinal);
        }

        // The default run: auto, and the policy uses development secrets, so the demo is on.
        Assert.Contains(DemoDecided + "on: DemoCameras:Enabled is auto and policy.json uses development secrets", second.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.WallStatus);
    }

    [Fact]
    public async Task RealPolicy_DemoCamerasAuto_TurnsTheDemoAndTheWallOff()
    {
        using var folder = new TempFolder();
        WriteRealPolicy(folder.Path);

        var start = await StartAndReadAsync(folder.Path, "--Management:AccessToken=env:SS_TEST_REAL_MANAGEMENT_TOKEN", "--Audit:CheckpointKey=env:SS_TEST_REAL_CHECKPOINT_KEY");

        Assert.Contains(DemoDecided + "off: DemoCameras:Enabled is auto and policy.json uses no development secret (a real policy)", start.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretsInUse, start.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo cameras listening", start.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, start.WallStatus);
    }

    [Fact]
    public async Task RealPolicy_DemoCamerasExplicitlyTrue_StaysOn()
    {
        using var folder = new TempFolder();
        WriteRealPolicy(folder.Path);

        var start = await StartAndReadAsync(folder.Path, "--Management:AccessToken=env:SS_TEST_REAL_MANAGEMENT_TOKEN", "--Audit:CheckpointKey=env:SS_TEST_REAL_CHECKPOINT_KEY", "--DemoCameras:Enabled=true");

        Assert.Contains(DemoDecided + "on: DemoCameras:Enabled is true", start.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, start.WallStatus);
    }

    [GeneratedRegex(@"\[\d\d:\d\d:\d\d WRN\] [^\n]*Development secrets \(data/dev-secrets/\) are in use by ")]
    private static partial Regex WarningLine();

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex Listening();

    /// <summary>
    /// Starts the gateway in <paramref name="workingFolder"/> on free loopback ports, waits until
    /// it listens (or exits), asks for the wall's links, stops it and returns what it wrote.
    /// </summary>
    private static async Task<(string Output, HttpStatusCode? WallStatus)> StartAndReadAsync(string workingFolder, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SecureStream.Proxy.dll"));
        foreach (var argument in (string[])[
            "--Listeners:Http:Address=127.0.0.1", "--Listeners:Http:Port=0", "--Listeners:Https:Enabled=false",
            "--Listeners:Management:Port=0", "--Listeners:Origin:Port=0", "--DemoCameras:Port=0",
            "--WebRtc:Ice:Port=0", "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:AdvertisedAddresses:0=127.0.0.1", .. extra])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SS_TEST_REAL_LINK_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        info.Environment["SS_TEST_REAL_JWT_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        info.Environment["SS_TEST_REAL_MANAGEMENT_TOKEN"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        info.Environment["SS_TEST_REAL_CHECKPOINT_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (line.Data is { } text && Listening().Match(text) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        HttpStatusCode? wall = null;
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(2)));
            Assert.True(first == listening.Task, "the gateway did not start listening:\n" + output);
            using var client = new HttpClient();
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{await listening.Task}/console/wall/links"));
            wall = response.StatusCode;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        lock (output)
        {
            return (output.ToString(), wall);
        }
    }

    /// <summary>The repository's policy.json with its development secrets replaced by the operator's own (environment variables).</summary>
    private static void WriteRealPolicy(string folder)
    {
        var policy = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "policy.json"))
            .Replace("file:data/dev-secrets/link-key", "env:SS_TEST_REAL_LINK_KEY", StringComparison.Ordinal)
            .Replace("file:data/dev-secrets/jwt-key", "env:SS_TEST_REAL_JWT_KEY", StringComparison.Ordinal);
        Assert.DoesNotContain("file:data/dev-secrets/", policy, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "policy.json"), policy);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("securestream-start-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
