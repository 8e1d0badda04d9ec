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

    /// <summary>Subscribes to the stream of a camera found by <see cref="FindCameraAsync"/>. Never throws but for cancellation.</summary>
    public async Task<OriginAdmission> SubscribeAsync(InternalTicket ticket, CameraRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(registration);
        // The pull is keyed by camera and forwarded query: the registry fixes the URL, the viewer's
        // parameters select a variant of it, never another viewer's stream.
        var variant = CameraPullPlan.VariantOf(registration, ticket.ForwardedQuery);
        if (CameraPullPlan.Conflicts(registration, variant))
        {
            return new OriginAdmission(ticket, null, OriginRefusal.ForwardParamConflict);
        }

        var pull = new PullKey(ticket.Camera, variant);
        var urls = CameraPullPlan.UrlsOf(registration, variant);
        var settings = CameraPullPlan.SettingsOf(registration);
        try
        {
            var subscription = await hub.SubscribeAsync(pull, urls, settings, cancellationToken).ConfigureAwait(false);
            return new OriginAdmission(ticket, subscription, null)
            {
                Pull = pull,

                // The same pull, URLs and settings as the viewer's: a transcoder never opens another camera session.
                SubscribeAgain = token => hub.SubscribeAsync(pull, urls, settings, token),
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
