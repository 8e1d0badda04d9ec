using System.Diagnostics.CodeAnalysis;
using SecureStream.Media.Streams;
using SecureStream.Policy.Tickets;

namespace SecureStream.Media.Origin;

/// <summary>A checked ticket and the camera stream it opened, or the refusal.</summary>
internal sealed record OriginAdmission(InternalTicket? Ticket, StreamSubscription? Subscription, OriginRefusal? Refusal)
{
    [MemberNotNullWhen(true, nameof(Ticket), nameof(Subscription))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsAdmitted => Refusal is null;

    /// <summary>The session's hard end from the ticket; none means it runs until something else ends it.</summary>
    public DateTimeOffset Deadline => Ticket?.SessionEnd ?? DateTimeOffset.MaxValue;

    /// <summary>The pull <see cref="Subscription"/> belongs to (camera and forwarded query).</summary>
    public PullKey? Pull { get; init; }

    /// <summary>Subscribes once more to the same pull (a transcoder's own share of it); set when admitted.</summary>
    public Func<CancellationToken, ValueTask<StreamSubscription>>? SubscribeAgain { get; init; }
}
