using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;

namespace SecureStream.Policy.Tests.Tickets;

/// <summary>The ticket's admitting node (cluster mode): signed with the rest, optional, and only ever a node id.</summary>
public sealed class TicketNodeTests
{
    private static readonly CameraPath Cam1 = new("app", "cam1");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketKey _key = TicketKey.CreateRandom();

    [Fact]
    public void NodeId_CarriedUnderTheMac()
    {
        var ticket = new TicketIssuer(_key, _time) { NodeId = "front-a" }.Issue("s1", Cam1, "op:alice", null, string.Empty);

        var check = new TicketValidator(_key, _time).Validate(ticket, Cam1);

        Assert.True(check.IsAllowed);
        Assert.Equal("front-a", check.Ticket!.AdmittedBy);
    }

    [Fact]
    public void NoNodeId_TicketStaysValid_WithoutNode()
    {
        var ticket = new TicketIssuer(_key, _time).Issue("s1", Cam1, "op:alice", null, string.Empty);

        var check = new TicketValidator(_key, _time).Validate(ticket, Cam1);

        Assert.True(check.IsAllowed);
        Assert.Null(check.Ticket!.AdmittedBy);
        Assert.DoesNotContain("\"n\"", PayloadOf(ticket), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Front-A")]
    [InlineData("front a")]
    [InlineData("node/../x")]
    [InlineData("a-node-id-that-is-far-longer-than-32")]
    public void NodeThatIsNotANodeId_Refused_EvenUnderAValidMac(string node)
    {
        var ticket = new InternalTicket("t1", "s1", Cam1, "op:alice", _time.GetUtcNow().AddSeconds(10), null, string.Empty) { AdmittedBy = node };

        Assert.False(TicketCodec.TryDecode(TicketCodec.Encode(ticket, _key.Value), _key.Value, out _));
    }

    [Fact]
    public void NodeChangedOnTheWay_MacFails()
    {
        var ticket = new TicketIssuer(_key, _time) { NodeId = "front-a" }.Issue("s1", Cam1, "op:alice", null, string.Empty);
        var dot = ticket.IndexOf('.', StringComparison.Ordinal);
        var payload = PayloadOf(ticket).Replace("front-a", "front-b", StringComparison.Ordinal);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload)) + ticket[dot..];

        Assert.Equal(AccessReason.TicketInvalid, new TicketValidator(_key, _time).Validate(forged, Cam1).Reason);
    }

    private static string PayloadOf(string ticket) =>
        System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(ticket.AsSpan(0, ticket.IndexOf('.', StringComparison.Ordinal))));
}
