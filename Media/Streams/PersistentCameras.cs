using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Streams;

/// <summary>
/// OME's <c>persistent: true</c>: the camera is pulled whether or not anybody watches. This holds
/// one hub subscription per persistent camera (draining its frames, so the hub keeps the pull and
/// the kept GOP warm) and re-checks the registrations periodically, so persistent cameras come
/// back after a restart and are released when deleted. With no persistent camera registered or
/// held, the re-check sleeps until one is ensured (registrations change only through this
/// process's management API, which calls <see cref="EnsureAsync"/>): an idle gateway with 10,000
/// on-demand cameras must not walk them every 10 s.
/// </summary>
internal sealed partial class PersistentCameras(
    IServiceProvider services,
    StreamHub hub,
    TimeProvider time,
    ILogger<PersistentCameras> logger) : BackgroundService, IPersistentCameras
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<CameraPath, Held> _held = new();
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>1 while the re-check loop sleeps for want of persistent cameras.</summary>
    private int _sleeping;

    public IReadOnlyCollection<CameraPath> HeldCameras => (IReadOnlyCollection<CameraPath>)_held.Keys;

    /// <summary>Starts holding a persistent camera; returns null when it is pulled, else the failure reason.</summary>
    public async Task<string?> EnsureAsync(CameraRegistration camera, CancellationToken cancellationToken)
    {
        // The registration is already in the registry: either the loop, going to sleep, sees it,
        // or it went to sleep first and this wakes it (both sides use a full fence).
        if (Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Release();
        }

        if (_held.ContainsKey(camera.Camera))
        {
            return null;
        }

        StreamSubscription subscription;
        try
        {
            subscription = await hub.SubscribeAsync(camera.Camera, CameraPullPlan.UrlsOf(camera), CameraPullPlan.SettingsOf(camera), cancellationToken);
        }
        catch (StreamStartException ex)
        {
            Log.PullFailed(logger, camera.Camera.ToString(), ex.Reason);
            return ex.Reason;
        }

        var held = new Held(subscription, DrainAsync(subscription));
        if (!_held.TryAdd(camera.Camera, held))
        {
            await subscription.DisposeAsync();
        }

        return null;
    }

    public async Task ReleaseAsync(CameraPath camera)
    {
        if (_held.TryRemove(camera, out var held))
        {
            await held.Subscription.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RecheckInterval, time);
        do
        {
            await ReconcileAsync(stoppingToken);
            Interlocked.Exchange(ref _sleeping, 1);
            if (_held.IsEmpty && !AnyPersistentRegistered())
            {
                timer.Period = Timeout.InfiniteTimeSpan;
                if (!await SleepAsync(stoppingToken))
                {
                    return;
                }

                timer.Period = RecheckInterval;
            }

            Interlocked.Exchange(ref _sleeping, 0);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private bool AnyPersistentRegistered() =>
        services.GetRequiredService<CameraRegistry>().Registered.Any(r => r.Persistent);

    private async Task<bool> SleepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _wake.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var camera in _held.Keys)
        {
            await ReleaseAsync(camera);
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        // Resolved on first use: building the registry validates its configuration, and start-up
        // must report every configuration problem at once rather than fail on this one first.
        var registry = services.GetRequiredService<CameraRegistry>();
        var wanted = registry.Registered.Where(r => r.Persistent).ToDictionary(r => r.Camera);
        foreach (var camera in _held.Keys.Where(c => !wanted.ContainsKey(c)).ToList())
        {
            await ReleaseAsync(camera);
        }

        foreach (var (path, camera) in wanted)
        {
            if (_held.TryGetValue(path, out var held) && held.Subscription.Ended.IsCompleted)
            {
                // The camera stayed down and the hub gave up: try again on this round.
                await ReleaseAsync(path);
            }

            if (!_held.ContainsKey(path))
            {
                await EnsureAsync(camera, cancellationToken);
            }
        }
    }

    private static async Task DrainAsync(StreamSubscription subscription)
    {
        try
        {
            await foreach (var _ in subscription.Frames.ReadAllAsync(subscription.EndedToken))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // Ended or released.
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record Held(StreamSubscription Subscription, Task Drain);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3460, Level = LogLevel.Warning, Message = "Persistent camera {Camera} could not be pulled ({Reason}); retried every 10 s")]
        public static partial void PullFailed(ILogger logger, string camera, string reason);
    }
}
