using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Metrics;

/// <summary>
/// A real Prometheus server (Debian's <c>/usr/bin/prometheus</c>) in a temp folder of its own,
/// configured from the shipped <c>deploy/prometheus/prometheus.example.yml</c> (its target, token
/// file and intervals rewritten for the test) with the shipped alert rules beside it. It listens
/// on a loopback port the OS picks (port 0; the port is read from its log) and is killed, by its
/// own process id, and its folder deleted when disposed.
/// </summary>
internal sealed partial class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private const string ExampleTarget = "\"127.0.0.1:8081\"";
    private const string ExampleTokenFile = "/etc/prometheus/securestream-metrics-token";

    private readonly string _directory;
    private readonly HttpClient _http = new();
    private readonly List<string> _log = [];
    private Process? _process;

    private PrometheusServer(string directory) => _directory = directory;

    /// <summary>The scrape token, also in <see cref="TokenPath"/>; the gateway's <c>Management:MetricsToken</c> is <c>file:</c> that path.</summary>
    public string Token { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public string TokenPath => Path.Combine(_directory, "securestream-metrics-token");

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What Prometheus logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Creates the folder and the token file; <see cref="StartAsync"/> starts the server once the gateway's port is known.</summary>
    public static PrometheusServer Prepare()
    {
        var server = new PrometheusServer(Directory.CreateTempSubdirectory("securestream-prometheus-").FullName);
        // The folder is the user's own (CreateTempSubdirectory makes it 0700), as the token file must be.
        File.WriteAllText(server.TokenPath, server.Token);
        return server;
    }

    /// <summary>
    /// The shipped example configuration with <paramref name="target"/>, <paramref name="tokenPath"/>
    /// and a 1 s scrape and evaluation interval, written to <paramref name="directory"/> with the
    /// shipped rules file beside it; the path of the configuration written.
    /// </summary>
    public static string WriteConfiguration(string directory, string target, string tokenPath)
    {
        var deploy = Path.Combine(RepositoryRoot.Find(), "deploy", "prometheus");
        var configuration = File.ReadAllText(Path.Combine(deploy, "prometheus.example.yml"));
        configuration = Replace(configuration, ExampleTarget, $"\"{target}\"");
        configuration = Replace(configuration, ExampleTokenFile, tokenPath);
        configuration = Replace(configuration, "scrape_interval: 15s", "scrape_interval: 1s");
        configuration = Replace(configuration, "evaluation_interval: 15s", "evaluation_interval: 1s");
        var path = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(path, configuration);
        File.Copy(Path.Combine(deploy, "securestream-alerts.yml"), Path.Combine(directory, "securestream-alerts.yml"), overwrite: true);
        return path;
    }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port of the management listener) and waits until it is ready.</summary>
    public async Task StartAsync(string target, CancellationToken cancellationToken)
    {
        var configuration = WriteConfiguration(_directory, target, TokenPath);
        var start = new ProcessStartInfo(RequiredProgram.Find(Executable, Promtool.Package))
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "--config.file=" + configuration,
            "--storage.tsdb.path=" + Path.Combine(_directory, "data"),
            "--web.listen-address=127.0.0.1:0",
            "--log.level=info"])
        {
            start.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data, listening);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(60));
        var exited = _process.WaitForExitAsync(wait.Token);
        if (await Task.WhenAny(listening.Task, exited) != listening.Task)
        {
            throw new InvalidOperationException($"Prometheus did not start listening:\n{Log}");
        }

        BaseAddress = new Uri($"http://127.0.0.1:{listening.Task.Result}/");
        var ready = await GatewayUnderTest.EventuallyAsync(async () =>
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(BaseAddress, "-/ready"), cancellationToken);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, timeoutMs: 60_000);
        Assert.True(ready, $"Prometheus did not become ready:\n{Log}");
    }

    /// <summary>
    /// Evaluates <paramref name="query"/> now through Prometheus's HTTP API (<c>/api/v1/query</c>):
    /// the sum of the resulting vector's values, or null when the vector is empty (no such series yet).
    /// </summary>
    public async Task<double?> QueryAsync(string query, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseAddress, "api/v1/query?query=" + Uri.EscapeDataString(query));
        using var response = await _http.GetAsync(url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"Prometheus answered {(int)response.StatusCode} to {query}: {body}");
        using var document = JsonDocument.Parse(body);
        var data = document.RootElement.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        double? sum = null;
        foreach (var sample in data.GetProperty("result").EnumerateArray())
        {
            sum = (sum ?? 0) + double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }

        return sum;
    }

    /// <summary>Polls <paramref name="query"/> until its value satisfies <paramref name="condition"/> (bounded by <paramref name="timeoutMs"/>); the last value seen.</summary>
    public async Task<double?> WaitForAsync(string query, Func<double?, bool> condition, CancellationToken cancellationToken, int timeoutMs = 60_000)
    {
        double? last = null;
        await GatewayUnderTest.EventuallyAsync(async () => condition(last = await QueryAsync(query, cancellationToken)), timeoutMs);
        return last;
    }

    /// <summary>The metric names Prometheus has stored (<c>/api/v1/label/__name__/values</c>).</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress, "api/v1/label/__name__/values"), cancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return document.RootElement.GetProperty("data").EnumerateArray().Select(name => name.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every rule Prometheus loaded, with its health (<c>ok</c>, <c>err</c>, <c>unknown</c>) and last error.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string? Error)>> RulesAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress, "api/v1/rules"), cancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var rules = new List<(string, string, string?)>();
        foreach (var group in document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray())
        {
            foreach (var rule in group.GetProperty("rules").EnumerateArray())
            {
                rules.Add((
                    rule.GetProperty("name").GetString()!,
                    rule.GetProperty("health").GetString()!,
                    rule.TryGetProperty("lastError", out var error) ? error.GetString() : null));
            }
        }

        return rules;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file Prometheus still flushed as it died; the temp folder is cleaned later.
        }
    }

    private static string Replace(string text, string example, string replacement)
    {
        Assert.True(text.Contains(example, StringComparison.Ordinal), $"prometheus.example.yml no longer contains {example}: update the test with the example");
        return text.Replace(example, replacement, StringComparison.Ordinal);
    }

    // Prometheus's web listener logs the address it bound: msg="Listening on" address=127.0.0.1:43127
    [GeneratedRegex(@"msg=""Listening on"" address=127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();

    private void Keep(string? line, TaskCompletionSource<int> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Count < 200)
            {
                _log.Add(line);
            }
        }

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }
}
