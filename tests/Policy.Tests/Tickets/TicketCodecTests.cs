using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;

namespace SecureStream.Policy.Tests.Tickets;

/// <summary>The ticket's wire form, checked against an independent reading of it (the MAC recomputed here).</summary>
public sealed class TicketCodecTests
{
    private static readonly CameraPath Cam1 = new("app", "cam1");
    private readonly TicketKey _key = TicketKey.CreateRandom();

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(1500)]
    public void Encode_MacIsHmacOfThePayloadPart_AndRoundTrips(int queryLength)
    {
        var ticket = Ticket("t1", "s1", new string('q', queryLength));

        var text = TicketCodec.Encode(ticket, _key.Value);

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var expectedMac = HMACSHA256.HashData(_key.Value.Span.ToArray(), Encoding.ASCII.GetBytes(text[..dot]));
        Assert.Equal(Base64Url.EncodeToString(expectedMac), text[(dot + 1)..]);
        Assert.True(TicketCodec.TryDecode(text, _key.Value, out var decoded));
        Assert.Equal(ticket, decoded);
    }

    [Fact]
    public void Encode_AfterALongerTicketOnTheSameThread_CarriesOnlyItsOwnFields()
    {
        var longer = TicketCodec.Encode(Ticket("t-long", "s-long", new string('x', 600)), _key.Value);
        var shorter = Ticket("t2", "s2", "a=b");

        var text = TicketCodec.Encode(shorter, _key.Value);

        Assert.True(TicketCodec.TryDecode(text, _key.Value, out var decoded));
        Assert.Equal(shorter, decoded);
        Assert.True(text.Length < longer.Length);
    }

    [Fact]
    public void NewId_Is128RandomBitsInBase64Url()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => TicketIssuer.NewId()).ToList();

        Assert.All(ids, id => Assert.Equal(16, Base64Url.DecodeFromChars(id).Length));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static InternalTicket Ticket(string ticketId, string sessionId, string query) =>
        new(ticketId, sessionId, Cam1, "op:alice",
            DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_060_000), query);
}
