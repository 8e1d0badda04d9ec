using System.Net;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

public sealed class IceLiteAgentTests
{
    private static readonly IPEndPoint PeerA = new(IPAddress.Parse("192.0.2.10"), 50000);
    private static readonly IPEndPoint PeerB = new(IPAddress.Parse("2001:db8::10"), 50001);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly IceCredentials _local = IceCredentials.Generate();

    [Fact]
    public void Generate_Credentials_LongEnoughIceCharsAndRedacted()
    {
        var credentials = IceCredentials.Generate();

        Assert.True(credentials.Ufrag.Length >= 4);
        Assert.True(credentials.Password.Length >= 22);
        Assert.True(IceCredentials.IsValid(credentials.Ufrag, 4));
        Assert.True(IceCredentials.IsValid(credentials.Password, 22));
        Assert.DoesNotContain(credentials.Password, credentials.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(credentials.Password, IceCredentials.Generate().Password);
    }

    [Fact]
    public void HandleBindingRequest_Valid_AnsweredVerifiedSelected()
    {
        using var agent = NewAgent();
        var request = IceTestRequests.Binding(_local);

        var (result, response) = Handle(agent, request, PeerA);

        Assert.Equal(IceCheckVerdict.Answered, result.Verdict);
        Assert.True(result.SelectedPairChanged);
        Assert.True(StunMessage.TryRead(response, out var message, out _));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), message.TransactionId.ToArray());
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(System.Text.Encoding.ASCII.GetBytes(_local.Password)));
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(PeerA, mapped);
        Assert.True(agent.IsVerified(PeerA));
        Assert.False(agent.IsVerified(PeerA, IceProtocol.Tcp));
        Assert.False(agent.IsVerified(PeerB));
        Assert.Equal(new IceTransportAddress(IceProtocol.Udp, PeerA), agent.SelectedAddress);
        Assert.Equal(IceAgentState.Connected, agent.State);
        Assert.Equal(0, agent.Drops.Total);
    }

    [Fact]
    public void HandleBindingRequest_IPv4MappedSource_SameAsIPv4()
    {
        using var agent = NewAgent();
        var mapped = new IPEndPoint(PeerA.Address.MapToIPv6(), PeerA.Port);

        var (result, response) = Handle(agent, IceTestRequests.Binding(_local), mapped);

        Assert.Equal(IceCheckVerdict.Answered, result.Verdict);
        Assert.True(agent.IsVerified(PeerA));
        Assert.True(StunMessage.TryRead(response, out var message, out _));
        Assert.True(message.TryGetXorMappedAddress(out var reflected));
        Assert.Equal(PeerA, reflected);
    }

    public static TheoryData<string, string> Attacks => new()
    {
        { "wrong local ufrag", nameof(IceDropReason.UfragMismatch) },
        { "wrong remote ufrag", nameof(IceDropReason.UfragMismatch) },
        { "reversed username", nameof(IceDropReason.UfragMismatch) },
        { "no username", nameof(IceDropReason.MissingUsername) },
        { "bad integrity (remote password)", nameof(IceDropReason.BadIntegrity) },
        { "bad integrity (near miss)", nameof(IceDropReason.BadIntegrity) },
        { "no integrity", nameof(IceDropReason.MissingIntegrity) },
        { "bad fingerprint", nameof(IceDropReason.BadFingerprint) },
        { "no fingerprint", nameof(IceDropReason.MissingFingerprint) },
        { "no priority", nameof(IceDropReason.MissingPriority) },
        { "indication", nameof(IceDropReason.NotBindingRequest) },
        { "success response", nameof(IceDropReason.NotBindingRequest) },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void HandleBindingRequest_Attack_DroppedCountedNoResponseNoStateChange(string attack, string expected)
    {
        using var agent = NewAgent();
        var request = Attack(attack);

        var (result, response) = Handle(agent, request, PeerA);

        Assert.Equal(IceCheckVerdict.Dropped, result.Verdict);
        Assert.Equal(expected, result.DropReason.ToString());
        Assert.Empty(response);
        Assert.Equal(1, agent.Drops[result.DropReason]);
        Assert.Equal(1, agent.Drops.Total);
        Assert.False(agent.IsVerified(PeerA));
        Assert.Null(agent.SelectedAddress);
        Assert.Equal(IceAgentState.New, agent.State);
    }

    [Fact]
    public void HandleBindingRequest_Attack_DoesNotRefreshConsentOrMoveSelection()
    {
        using var agent = NewAgent();
        Handle(agent, IceTestRequests.Binding(_local), PeerA);

        _time.Advance(TimeSpan.FromSeconds(20));
        Handle(agent, IceTestRequests.Binding(_local, password: IceTestRequests.RemotePassword, useCandidate: true), PeerA);
        Handle(agent, IceTestRequests.Binding(_local, password: IceTestRequests.RemotePassword, useCandidate: true), PeerB);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(IceAgentState.Failed, agent.State);
        Assert.False(agent.IsVerified(PeerB));
    }

    [Fact]
    public void HandleBindingRequest_RemoteUfragUnknown_Dropped()
    {
        using var agent = new IceLiteAgent(_local, _time);

        var (result, response) = Handle(agent, IceTestRequests.Binding(_local), PeerA);

        Assert.Equal(IceDropReason.RemoteUfragUnknown, result.DropReason);
        Assert.Empty(response);
        Assert.False(agent.IsVerified(PeerA));
    }

    [Fact]
    public void HandleBindingRequest_PeerClaimsControlled_RoleConflictWithoutStateChange()
    {
        using var agent = NewAgent();

        var (result, response) = Handle(agent, IceTestRequests.Binding(_local, controlled: true), PeerA);

        Assert.Equal(IceCheckVerdict.RoleConflict, result.Verdict);
        Assert.True(StunMessage.TryRead(response, out var message, out _));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out var code, out _));
        Assert.Equal(487, code);
        Assert.True(message.VerifyMessageIntegrity(System.Text.Encoding.ASCII.GetBytes(_local.Password)));
        Assert.False(agent.IsVerified(PeerA));
        Assert.Null(agent.SelectedAddress);
    }

    [Fact]
    public void HandleBindingRequest_UseCandidate_MovesSelection()
    {
        using var agent = NewAgent();
        Handle(agent, IceTestRequests.Binding(_local), PeerA);

        var (withoutNomination, _) = Handle(agent, IceTestRequests.Binding(_local), PeerB);
        Assert.False(withoutNomination.SelectedPairChanged);
        Assert.Equal(PeerA, agent.SelectedAddress?.EndPoint);
        Assert.True(agent.IsVerified(PeerB));

        var (nominated, _) = Handle(agent, IceTestRequests.Binding(_local, useCandidate: true), PeerB);
        Assert.True(nominated.SelectedPairChanged);
        Assert.Equal(PeerB, agent.SelectedAddress?.EndPoint);
        Assert.True(agent.IsVerified(PeerA));
    }

    [Fact]
    public void Consent_NoCheckFor30Seconds_LostOnceAndEverythingRefused()
    {
        using var agent = NewAgent();
        var losses = new List<IceConsentLossReason>();
        agent.ConsentLost += (_, reason) => losses.Add(reason);
        Handle(agent, IceTestRequests.Binding(_local), PeerA);

        // A browser refreshes consent every ~5 s; keep it alive well past 30 s.
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(IceCheckVerdict.Answered, Handle(agent, IceTestRequests.Binding(_local), PeerA).Result.Verdict);
        }

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(losses);
        Assert.True(agent.IsVerified(PeerA));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([IceConsentLossReason.ConsentExpired], losses);
        Assert.Equal(IceAgentState.Failed, agent.State);
        Assert.False(agent.IsVerified(PeerA));
        Assert.Null(agent.SelectedAddress);

        var (late, response) = Handle(agent, IceTestRequests.Binding(_local), PeerA);
        Assert.Equal(IceDropReason.AgentClosed, late.DropReason);
        Assert.Empty(response);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Single(losses);
    }

    [Fact]
    public void Consent_ChecksOnlyFromUnselectedPair_StillLost()
    {
        using var agent = NewAgent();
        var losses = new List<IceConsentLossReason>();
        agent.ConsentLost += (_, reason) => losses.Add(reason);
        Handle(agent, IceTestRequests.Binding(_local), PeerA);

        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Handle(agent, IceTestRequests.Binding(_local), PeerB);
        }

        Assert.Equal([IceConsentLossReason.ConsentExpired], losses);
    }

    [Fact]
    public void Consent_NoVerifiedCheckEver_NeverConnected()
    {
        using var agent = NewAgent();
        var losses = new List<IceConsentLossReason>();
        agent.ConsentLost += (_, reason) => losses.Add(reason);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(losses);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([IceConsentLossReason.NeverConnected], losses);
    }

    [Fact]
    public void HandleBindingRequest_TooManyAddresses_Dropped()
    {
        using var agent = new IceLiteAgent(_local, _time, new IceLiteAgentOptions { MaxRemoteAddresses = 2 });
        agent.TrySetRemoteUfrag(IceTestRequests.RemoteUfrag);
        Handle(agent, IceTestRequests.Binding(_local), PeerA);
        Handle(agent, IceTestRequests.Binding(_local), PeerB);

        var third = new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1);
        var (result, _) = Handle(agent, IceTestRequests.Binding(_local), third);

        Assert.Equal(IceDropReason.TooManyAddresses, result.DropReason);
        Assert.False(agent.IsVerified(third));
    }

    [Fact]
    public void RemoveAddress_Selected_Unselected()
    {
        using var agent = NewAgent();
        Handle(agent, IceTestRequests.Binding(_local), PeerA, IceProtocol.Tcp);
        Assert.True(agent.IsVerified(PeerA, IceProtocol.Tcp));

        agent.RemoveAddress(new IceTransportAddress(IceProtocol.Tcp, PeerA));

        Assert.False(agent.IsVerified(PeerA, IceProtocol.Tcp));
        Assert.Null(agent.SelectedAddress);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("abc:")]
    [InlineData("abcd efg")]
    public void TrySetRemoteUfrag_NotIceChars_False(string ufrag)
    {
        using var agent = new IceLiteAgent(_local, _time);

        Assert.False(agent.TrySetRemoteUfrag(ufrag));
        Assert.Null(agent.RemoteUfrag);
    }

    [Fact]
    public void TrySetRemoteUfrag_Changed_False()
    {
        using var agent = NewAgent();

        Assert.True(agent.TrySetRemoteUfrag(IceTestRequests.RemoteUfrag));
        Assert.False(agent.TrySetRemoteUfrag("other"));
        Assert.Equal(IceTestRequests.RemoteUfrag, agent.RemoteUfrag);
    }

    private byte[] Attack(string attack) => attack switch
    {
        "wrong local ufrag" => IceTestRequests.Binding(_local, username: $"zzzz:{IceTestRequests.RemoteUfrag}"),
        "wrong remote ufrag" => IceTestRequests.Binding(_local, username: $"{_local.Ufrag}:evil"),
        "reversed username" => IceTestRequests.Binding(_local, username: $"{IceTestRequests.RemoteUfrag}:{_local.Ufrag}"),
        "no username" => IceTestRequests.Binding(_local, username: string.Empty),
        "bad integrity (remote password)" => IceTestRequests.Binding(_local, password: IceTestRequests.RemotePassword),
        "bad integrity (near miss)" => IceTestRequests.Binding(_local, password: _local.Password[..^1] + (_local.Password[^1] == 'a' ? 'b' : 'a')),
        "no integrity" => IceTestRequests.Binding(_local, integrity: false),
        "bad fingerprint" => IceTestRequests.WithFlippedLastByte(IceTestRequests.Binding(_local)),
        "no fingerprint" => IceTestRequests.Binding(_local, fingerprint: false),
        "no priority" => IceTestRequests.Binding(_local, priority: false),
        "indication" => IceTestRequests.Binding(_local, messageClass: StunClass.Indication),
        "success response" => IceTestRequests.Binding(_local, messageClass: StunClass.SuccessResponse),
        _ => throw new ArgumentOutOfRangeException(nameof(attack)),
    };

    private IceLiteAgent NewAgent()
    {
        var agent = new IceLiteAgent(_local, _time);
        Assert.True(agent.TrySetRemoteUfrag(IceTestRequests.RemoteUfrag));
        return agent;
    }

    private static (IceCheckResult Result, byte[] Response) Handle(IceLiteAgent agent, byte[] request, IPEndPoint remote, IceProtocol protocol = IceProtocol.Udp)
    {
        Assert.True(StunMessage.TryRead(request, out var message, out _));
        var buffer = new byte[IceLiteAgent.MaxResponseSize];
        var result = agent.HandleBindingRequest(message, remote, protocol, buffer);
        return (result, buffer[..result.ResponseLength]);
    }
}
