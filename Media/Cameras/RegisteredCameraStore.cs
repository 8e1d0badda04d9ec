using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Cameras;

/// <summary>
/// Cameras registered through the management API, kept in one JSON file
/// (<c>CameraRegistry:StorePath</c>, default <c>data/cameras.json</c>).
/// Durability: a change is applied only after the whole file was written to a temporary file in
/// the same folder, flushed to disk and renamed over the old one, so a crash leaves either the old
/// or the new file, never half of one. Lookups read an immutable snapshot and never wait for a
/// writer. Security: the file holds credentials, so it is created readable by the owner only
/// (0600 on Unix); a file that does not parse stops the start instead of silently forgetting cameras.
/// </summary>
internal sealed partial class RegisteredCameraStore : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _path;
    private readonly int _capacity;
    private readonly ILogger<RegisteredCameraStore> _logger;
    private FrozenDictionary<string, CameraRegistration> _cameras;

    public RegisteredCameraStore(IOptions<CameraRegistryOptions> options, ILogger<RegisteredCameraStore> logger)
    {
        _path = Path.GetFullPath(options.Value.StorePath);
        _capacity = options.Value.MaxRegistrations;
        _logger = logger;
        _cameras = Load(_path);
        Log.Loaded(logger, _path, _cameras.Count);
    }

    /// <summary>Every registered camera.</summary>
    public IReadOnlyCollection<CameraRegistration> All => Volatile.Read(ref _cameras).Values;

    /// <summary>The registration for <paramref name="camera"/>, or null.</summary>
    public CameraRegistration? Find(CameraPath camera) =>
        Volatile.Read(ref _cameras).TryGetValue(camera.ToString(), out var registration) ? registration : null;

    /// <summary>Registers <paramref name="registration"/> unless its name is taken; durable before it is visible.</summary>
    public async Task<CameraStoreOutcome> AddAsync(CameraRegistration registration, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var key = registration.Camera.ToString();
            if (_cameras.ContainsKey(key))
            {
                return CameraStoreOutcome.Exists;
            }

            if (_cameras.Count >= _capacity)
            {
                return CameraStoreOutcome.Full;
            }

            var next = new Dictionary<string, CameraRegistration>(_cameras, StringComparer.Ordinal) { [key] = registration };
            if (!await TryWriteAsync(next.Values, key, cancellationToken))
            {
                return CameraStoreOutcome.StoreFailed;
            }

            Volatile.Write(ref _cameras, next.ToFrozenDictionary(StringComparer.Ordinal));
            Log.Registered(_logger, key, registration.Urls.Count, registration.Persistent);
            return CameraStoreOutcome.Added;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Removes the camera registered as <paramref name="camera"/>; durable before it is gone.</summary>
    public async Task<CameraStoreOutcome> RemoveAsync(CameraPath camera, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var key = camera.ToString();
            if (!_cameras.ContainsKey(key))
            {
                return CameraStoreOutcome.NotFound;
            }

            var next = new Dictionary<string, CameraRegistration>(_cameras, StringComparer.Ordinal);
            next.Remove(key);
            if (!await TryWriteAsync(next.Values, key, cancellationToken))
            {
                return CameraStoreOutcome.StoreFailed;
            }

            Volatile.Write(ref _cameras, next.ToFrozenDictionary(StringComparer.Ordinal));
            Log.Removed(_logger, key);
            return CameraStoreOutcome.Removed;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();

    private async Task<bool> TryWriteAsync(IEnumerable<CameraRegistration> cameras, string changed, CancellationToken cancellationToken)
    {
        var file = new RegisteredCameraFile
        {
            Version = RegisteredCameraFile.CurrentVersion,
            Cameras = cameras.OrderBy(c => c.Camera.ToString(), StringComparer.Ordinal).Select(ToEntry).ToList(),
        };
        var directory = Path.GetDirectoryName(_path)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var stream = new FileStream(temporary, streamOptions))
            {
                await JsonSerializer.SerializeAsync(stream, file, CameraStoreJsonContext.Default.RegisteredCameraFile, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.WriteFailed(_logger, ex, _path, changed);
            TryDelete(temporary);
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind; a later write uses a fresh name and the file is never read.
        }
    }

    private static RegisteredCameraEntry ToEntry(CameraRegistration camera) => new()
    {
        VirtualHost = camera.VirtualHost ?? "default",
        App = camera.Camera.App,
        Stream = camera.Camera.Stream,
        Urls = camera.Urls.Select(u => u.ToUnredactedString()).ToList(),
        SubstreamUrls = camera.SubstreamUrls.Count == 0 ? null : camera.SubstreamUrls.Select(u => u.ToUnredactedString()).ToList(),
        Persistent = camera.Persistent,
        CreatedAt = camera.CreatedAt ?? DateTimeOffset.UnixEpoch,
        NoInputFailoverTimeoutMs = camera.Properties.NoInputFailoverTimeoutMs,
        UnusedStreamDeletionTimeoutMs = camera.Properties.UnusedStreamDeletionTimeoutMs,
        IgnoreRtcpSRTimestamp = camera.Properties.IgnoreRtcpSRTimestamp,
        RetryCount = camera.Properties.RetryCount,
        ForwardQueryParams = camera.Properties.ForwardQueryParams,
    };

    /// <summary>Reads the file; a missing file is an empty registry, anything unreadable stops the start.</summary>
    private static FrozenDictionary<string, CameraRegistration> Load(string path)
    {
        if (!File.Exists(path))
        {
            return FrozenDictionary<string, CameraRegistration>.Empty;
        }

        RegisteredCameraFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize(stream, CameraStoreJsonContext.Default.RegisteredCameraFile);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException(
                $"Camera registry file {path} is not valid ({ex.Path}, line {ex.LineNumber}); restore it from a backup or move it aside to start with no registered cameras", ex);
        }

        if (file is null || file.Version != RegisteredCameraFile.CurrentVersion)
        {
            throw new InvalidOperationException($"Camera registry file {path} has an unsupported version; expected {RegisteredCameraFile.CurrentVersion}");
        }

        var cameras = new Dictionary<string, CameraRegistration>(StringComparer.Ordinal);
        for (var i = 0; i < file.Cameras.Count; i++)
        {
            var entry = file.Cameras[i];
            var registration = FromEntry(entry, out var problem);
            if (registration is null || !cameras.TryAdd(registration.Camera.ToString(), registration))
            {
                throw new InvalidOperationException(
                    $"Camera registry file {path}: camera {i} {problem ?? "is listed twice"}; fix or remove that entry");
            }
        }

        return cameras.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static CameraRegistration? FromEntry(RegisteredCameraEntry entry, out string? problem)
    {
        problem = null;
        if (!CameraPath.IsSafeName(entry.App) || !CameraPath.IsSafeName(entry.Stream) || !CameraPath.IsSafeName(entry.VirtualHost))
        {
            problem = "has a virtual host, app or stream name outside the safe alphabet";
            return null;
        }

        var properties = new CameraProperties(
            entry.NoInputFailoverTimeoutMs,
            entry.UnusedStreamDeletionTimeoutMs,
            entry.ForwardQueryParams,
            entry.IgnoreRtcpSRTimestamp,
            entry.RetryCount);
        problem = CameraProperties.Check(string.Empty, properties.NoInputFailoverTimeoutMs, properties.UnusedStreamDeletionTimeoutMs, properties.RetryCount).FirstOrDefault();
        if (problem is not null)
        {
            return null;
        }

        var urls = ParseUrls(entry.Urls, "URL", out problem);
        var substreamUrls = ParseUrls(entry.SubstreamUrls ?? [], "substream URL", out var substreamProblem);
        problem ??= substreamProblem;
        if (urls is null || substreamUrls is null)
        {
            return null;
        }

        if (urls.Count == 0)
        {
            problem = "has no URL";
            return null;
        }

        return new CameraRegistration(new CameraPath(entry.App, entry.Stream), urls, properties, entry.Persistent, CameraSource.Rest)
        {
            VirtualHost = entry.VirtualHost,
            CreatedAt = entry.CreatedAt,
            SubstreamUrls = substreamUrls,
        };
    }

    private static List<CameraUrl>? ParseUrls(List<string> texts, string what, out string? problem)
    {
        var urls = CameraUrl.TryParseAll(texts, out _, out var error);
        problem = urls is null ? $"has a {what} that {error}" : null;
        return urls;
    }
}
