using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace SecureStream.Policy.Tests.Admission;

/// <summary>
/// A real webhook receiver in a child process: tests/Interop/webhook_receiver.py on Python's
/// standard <c>http.server</c> (HTTP/1.0, closes after every answer) or
/// tests/Interop/webhook_receiver.js on Node's <c>http</c> module (HTTP/1.1 keep-alive). It binds
/// port 0 and reports the port, then one line per request it read, after checking
/// <c>X-OME-Signature</c> itself. python3 and node are installed by scripts/test.sh; a missing
/// runtime fails the test. Killed on dispose.
/// </summary>
internal sealed class InteropWebhookReceiver : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly Queue<string> _stderr = new();
    private int _signed;
    private int _unsigned;
    private int _signedOpenings;
    private int _signedClosings;

    private InteropWebhookReceiver(Process process) => _process = process;

    public Uri Url => new($"http://127.0.0.1:{_port.Task.Result}/admission");

    /// <summary>Requests the receiver read whose <c>X-OME-Signature</c> it verified.</summary>
    public int SignedRequests => Volatile.Read(ref _signed);

    /// <summary>Requests the receiver read with a missing or wrong signature.</summary>
    public int UnsignedRequests => Volatile.Read(ref _unsigned);

    /// <summary>Correctly signed opening calls the receiver read.</summary>
    public int SignedOpenings => Volatile.Read(ref _signedOpenings);

    /// <summary>Correctly signed closing calls the receiver read.</summary>
    public int SignedClosings => Volatile.Read(ref _signedClosings);

    /// <summary>Every request the receiver read.</summary>
    public int Requests => SignedRequests + UnsignedRequests;

    /// <summary>The last lines the receiver wrote to stderr, for failure messages.</summary>
    public string Diagnostics
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Python's <c>http.server</c>.</summary>
    public static Task<InteropWebhookReceiver> StartPythonAsync(string mode, CancellationToken cancellationToken) =>
        StartAsync("python3", "webhook_receiver.py", mode, cancellationToken);

    /// <summary>Node's <c>http</c> module.</summary>
    public static Task<InteropWebhookReceiver> StartNodeAsync(string mode, CancellationToken cancellationToken) =>
        StartAsync("node", "webhook_receiver.js", mode, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task<InteropWebhookReceiver> StartAsync(string runtime, string script, string mode, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(runtime)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(InteropScript(script));
        start.ArgumentList.Add("--secret");
        start.ArgumentList.Add(AdmissionTestEndpoints.Secret);
        start.ArgumentList.Add("--mode");
        start.ArgumentList.Add(mode);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + runtime);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{runtime} is required for this test (scripts/test.sh installs it): {ex.Message}", ex);
        }

        var receiver = new InteropWebhookReceiver(process);
        process.OutputDataReceived += (_, e) => receiver.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => receiver.OnError(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            if (await Task.WhenAny(receiver._port.Task, exited) != receiver._port.Task)
            {
                throw new InvalidOperationException($"the {runtime} webhook receiver exited: {receiver.Diagnostics}");
            }

            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    private void OnOutput(string? line)
    {
        var parts = line?.Split(' ');
        switch (parts)
        {
            case ["port", var port]:
                _port.TrySetResult(int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture));
                break;
            case ["request", var status, "signed"]:
                Interlocked.Increment(ref _signed);
                if (status == "opening")
                {
                    Interlocked.Increment(ref _signedOpenings);
                }
                else if (status == "closing")
                {
                    Interlocked.Increment(ref _signedClosings);
                }

                break;
            case ["request", _, _]:
                Interlocked.Increment(ref _unsigned);
                break;
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _stderr.Enqueue(line);
            if (_stderr.Count > 50)
            {
                _stderr.Dequeue();
            }
        }
    }

    private static string InteropScript(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Interop", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/Interop/{name} not found above {AppContext.BaseDirectory}");
    }
}
