using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tickets;

/// <summary>The origin's verdict on a presented ticket.</summary>
internal readonly record struct TicketCheck(AccessReason Reason, InternalTicket? Ticket)
{
    public bool IsAllowed => Reason == AccessReason.Allowed;
}
