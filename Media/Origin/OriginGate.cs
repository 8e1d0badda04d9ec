using SecureStream.Media.Cameras;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Origin;

/// <summary>
/// The origin's own check before any camera is contacted: a fresh, single-use ticket from the
/// front door naming exactly this camera (nothing bypasses the gate), then the camera from the
/// registry, then the hub's shared pull. A first viewer that starts the pull waits for it,
/// bounded by the stream's start timeout, instead of being told to retry.
/// </summary>
internal sealed class OriginGate(TicketValidator tickets, CameraRegistry cameras, StreamHub hub)
{
    /// <summary>Checks and consumes the ticket; the caller subscribes (<see cref="SubscribeAsync"/>) only when it needs the stream.</summary>
    public OriginRefusal? CheckTicket(string? presented, CameraPath camera, out InternalTicket? ticket)
    {
        var check = tickets.Validate(presented, camera);
        ticket = check.Ticket;
        return check.IsAllowed ? null : check.Reason == AccessReason.TicketMissing ? OriginRefusal.TicketMissing : OriginRefusal.TicketInvalid;
    }

    /// <summary>Finds the ticket's camera and subscribes to its stream. Never throws but for cancellation.</summary>
    public async Task<OriginAdmission> SubscribeAsync(InternalTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var registration = await FindCameraAsync(ticket, cancellationToken).ConfigureAwait(false);
        return registration is null
            ? new OriginAdmission(ticket, null, OriginRefusal.CameraNotFound)
            : await SubscribeAsync(ticket, registration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ticket's camera in the registry (no camera is contacted); null when it is not known.</summary>
    public ValueTask<CameraRegistration?> FindCameraAsync(InternalTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return cameras.FindAsync(ticket.Camera, cancellationToken);
    }

    /// <summary>
    /// The pull a ticket names on a camera found by <see cref="FindCameraAsync"/>: keyed by camera
    /// and forwarded query (the registry fixes the URL, the viewer's parameters select a variant of
    /// it, never another viewer's stream) and by rendition (the ticket chooses between this camera's
    /// own URL lists, the substream or the main stream when it has none: never another camera,
    /// docs/cameras.md "Substreams"). Null when a forwarded name conflicts with the camera's URL.
    /// </summary>
    public static PullKey? PullOf(InternalTicket ticket, CameraRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(registration);
        var variant = CameraPullPlan.VariantOf(registration, ticket.ForwardedQuery);
        var rendition = registration.ServedRendition(ticket.Rendition);
        return CameraPullPlan.Conflicts(registration, variant, rendition) ? null : new PullKey(ticket.Camera, variant, rendition);
    }

    /// <summary>Subscribes to the stream of a camera found by <see cref="FindCameraAsync"/>. Never throws but for cancellation.</summary>
    public async Task<OriginAdmission> SubscribeAsync(InternalTicket ticket, CameraRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(registration);
        if (PullOf(ticket, registration) is not { } key)
        {
            return new OriginAdmission(ticket, null, OriginRefusal.ForwardParamConflict);
        }

        var urls = CameraPullPlan.UrlsOf(registration, key.Variant, key.Rendition);
        var settings = CameraPullPlan.SettingsOf(registration);
        try
        {
            var subscription = await hub.SubscribeAsync(key, urls, settings, cancellationToken).ConfigureAwait(false);
            return new OriginAdmission(ticket, subscription, null)
            {
                Pull = key,

                // The same pull, URLs and settings as the viewer's: a transcoder never opens another camera session.
                SubscribeAgain = token => hub.SubscribeAsync(key, urls, settings, token),
            };
        }
        catch (StreamStartException exception)
        {
            return new OriginAdmission(ticket, null, exception.Reason == StreamEndReasons.VariantLimit
                ? OriginRefusal.VariantLimit
                : OriginRefusal.StreamUnavailable(exception.Reason));
        }
    }
}
