using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tickets;

namespace SecureStream.Policy.Tests.Tickets;

public sealed class TicketValidatorTests
{
    private static readonly CameraPath Cam1 = new("app", "cam1");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly TicketKey _key = TicketKey.CreateRandom();

    [Fact]
    public void Validate_FreshTicket_AllowedWithClaims()
    {
        var end = _time.GetUtcNow().AddMinutes(5);
        var ticket = new TicketIssuer(_key, _time).Issue("s1", Cam1, "op:alice", end, "quality=hd");

        var check = new TicketValidator(_key, _time).Validate(ticket, Cam1);

        Assert.True(check.IsAllowed);
        Assert.Equal("s1", check.Ticket!.SessionId);
        Assert.Equal("op:alice", check.Ticket.Operator);
        Assert.Equal(end.ToUnixTimeMilliseconds(), check.Ticket.SessionEnd!.Value.ToUnixTimeMilliseconds());
        Assert.Equal("quality=hd", check.Ticket.ForwardedQuery);
    }

    [Theory]
    [InlineData(CameraRendition.Main)]
    [InlineData(CameraRendition.Sub)]
    public void Validate_Rendition_CarriedUnderTheMac(CameraRendition rendition)
    {
        var ticket = new TicketIssuer(_key, _time).Issue("s1", Cam1, "op:alice", null, string.Empty, rendition);

        var check = new TicketValidator(_key, _time).Validate(ticket, Cam1);

        Assert.True(check.IsAllowed);
        Assert.Equal(rendition, check.Ticket!.Rendition);
    }

    [Fact]
    public void Validate_SecondUse_Refused()
    {
        var ticket = new TicketIssuer(_key, _time).Issue("s1", Cam1, "anonymous", null, string.Empty);
        var validator = new TicketValidator(_key, _time);

        Assert.True(validator.Validate(ticket, Cam1).IsAllowed);
        Assert.Equal(AccessReason.TicketInvalid, validator.Validate(ticket, Cam1).Reason);
    }

    [Fact]
    public void Validate_OtherCamera_Refused()
    {
        var ticket = new TicketIssuer(_key, _time).Issue("s1", Cam1, "anonymous", null, string.Empty);
        Assert.Equal(AccessReason.TicketInvalid, new TicketValidator(_key, _time).Validate(ticket, new CameraPath("app", "cam2")).Reason);
    }

    [Fact]
    public void Validate_Expired_Refused()
    {
        var ticket = new TicketIssuer(_key, _time).Issue("s1", Cam1, "anonymous", null, string.Empty);
        _time.Advance(TicketIssuer.Lifetime + TimeSpan.FromMilliseconds(1));
        Assert.Equal(AccessReason.TicketInvalid, new TicketValidator(_key, _time).Validate(ticket, Cam1).Reason);
    }

    [Fact]
    public void Validate_OtherKey_Refused()
    {
        var ticket = new TicketIssuer(TicketKey.CreateRandom(), _time).Issue("s1", Cam1, "anonymous", null, string.Empty);
        Assert.Equal(AccessReason.TicketInvalid, new TicketValidator(_key, _time).Validate(ticket, Cam1).Reason);
    }

    [Fact]
    public void Validate_Missing_TicketMissing() =>
        Assert.Equal(AccessReason.TicketMissing, new TicketValidator(_key, _time).Validate(null, Cam1).Reason);

    [Fact]
    public void Validate_AnySingleCharacterChanged_Refused()
    {
        var ticket = new TicketIssuer(_key, _time).Issue("s1", Cam1, "op:alice", null, "a=b");
        for (var i = 0; i < ticket.Length; i++)
        {
            var replacement = ticket[i] == 'A' ? 'B' : 'A';
            var tampered = string.Concat(ticket.AsSpan(0, i), new string(replacement, 1), ticket.AsSpan(i + 1));
            Assert.False(new TicketValidator(_key, _time).Validate(tampered, Cam1).IsAllowed, $"position {i}");
        }
    }

    [Fact]
    public void Validate_ArbitraryStrings_NeverThrow() =>
        Gen.String.Sample(text => !new TicketValidator(_key, _time).Validate(text, Cam1).IsAllowed);
}
