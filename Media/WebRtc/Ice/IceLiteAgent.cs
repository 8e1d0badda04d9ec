using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// The ICE-lite side of one WebRTC session (RFC 8445 §2.5, §7.3; consent freshness RFC 7675).
/// The browser is the full, controlling agent: it sends the checks; this agent only answers.
/// </summary>
/// <remarks>
/// <para>Security invariant: a Binding request changes state or gets an answer only after its
/// FINGERPRINT, its USERNAME (exactly <c>local-ufrag:remote-ufrag</c>) and its MESSAGE-INTEGRITY
/// (HMAC-SHA1 with the local password, compared in constant time) all check out. Anything else is
/// dropped and counted in <see cref="Drops"/>: no response, no new address, no consent refresh.
/// Only addresses that passed such a check are <see cref="IsVerified"/>, and the DTLS and SRTP
/// layers refuse everything else.</para>
/// <para>Nomination: the pair of a verified request carrying USE-CANDIDATE is selected (RFC 8445
/// §7.3.1.5). As a lite agent the first verified pair is also selected while none is, so media can
/// start on the first working path; the browser's nomination then moves it if it chooses another.</para>
/// <para>Consent: the selected pair must keep sending verified checks; after
/// <see cref="IceLiteAgentOptions.ConsentTimeout"/> without one (or
/// <see cref="IceLiteAgentOptions.ConnectTimeout"/> without any verified check at all) the agent
/// fails for good and raises <see cref="ConsentLost"/> once.</para>
/// </remarks>
internal sealed partial class IceLiteAgent : IDisposable
{
    /// <summary>Large enough for any response this agent writes (an IPv6 success or a 487).</summary>
    public const int MaxResponseSize = 128;

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly IceLiteAgentOptions _options;
    private readonly ILogger _logger;
    private readonly HashSet<IceTransportAddress> _verified = [];
    private readonly ITimer _timer;
    private byte[]? _expectedUsername;
    private IceTransportAddress? _selected;
    private DateTimeOffset _consentRefreshedAt;
    private IceAgentState _state;

    public IceLiteAgent(IceCredentials localCredentials, TimeProvider timeProvider, IceLiteAgentOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentNullException.ThrowIfNull(timeProvider);
        LocalCredentials = localCredentials;
        _timeProvider = timeProvider;
        _options = options ?? new IceLiteAgentOptions();
        _logger = logger ?? NullLogger.Instance;
        _consentRefreshedAt = timeProvider.GetUtcNow();
        _timer = timeProvider.CreateTimer(static state => ((IceLiteAgent)state!).OnTimer(), this, _options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised once, on a timer thread, when the agent fails; the session should end.</summary>
    public event Action<IceLiteAgent, IceConsentLossReason>? ConsentLost;

    public IceCredentials LocalCredentials { get; }

    public string? RemoteUfrag { get; private set; }

    /// <summary>Checks refused by this agent, by reason (routing drops are counted by the endpoint).</summary>
    public IceDropCounters Drops { get; } = new();

    public IceAgentState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The pair media is sent on, or null while none is selected.</summary>
    public IceTransportAddress? SelectedAddress
    {
        get
        {
            lock (_gate)
            {
                return _selected;
            }
        }
    }

    /// <summary>
    /// Sets the peer's ufrag from its SDP (a=ice-ufrag). Until then every check is dropped
    /// (<see cref="IceDropReason.RemoteUfragUnknown"/>); the browser retransmits. False when the value
    /// is not 4–256 ice-chars or a different ufrag was already set (an ICE restart is a new agent).
    /// </summary>
    public bool TrySetRemoteUfrag(string ufrag)
    {
        if (!IceCredentials.IsValid(ufrag, IceCredentials.MinUfragLength))
        {
            return false;
        }

        lock (_gate)
        {
            if (RemoteUfrag is not null)
            {
                return RemoteUfrag == ufrag;
            }

            RemoteUfrag = ufrag;
            _expectedUsername = Encoding.ASCII.GetBytes($"{LocalCredentials.Ufrag}:{ufrag}");
            return true;
        }
    }

    /// <summary>
    /// True when <paramref name="remote"/> over <paramref name="protocol"/> passed a verified check
    /// and the agent has not failed. The DTLS and SRTP layers drop packets from anywhere else.
    /// </summary>
    public bool IsVerified(IPEndPoint remote, IceProtocol protocol = IceProtocol.Udp)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var address = new IceTransportAddress(protocol, remote);
        lock (_gate)
        {
            return _state != IceAgentState.Failed && _verified.Contains(address);
        }
    }

    /// <summary>
    /// Decides on one STUN message that arrived from <paramref name="remote"/>; writes the
    /// response (if any) into <paramref name="response"/> (at least <see cref="MaxResponseSize"/> bytes).
    /// </summary>
    public IceCheckResult HandleBindingRequest(StunMessage request, IPEndPoint remote, IceProtocol protocol, Span<byte> response)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var verdict = Verify(request);
        if (verdict != IceDropReason.None)
        {
            Drops.Increment(verdict);
            return IceCheckResult.Dropped(verdict);
        }

        var address = new IceTransportAddress(protocol, remote);
        var writer = new StunMessageWriter(response, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);

        // RFC 8445 §7.3.1.1: we are always controlled; a peer that also says controlled conflicts,
        // and a lite agent cannot switch to controlling, so it gets 487 and nothing changes.
        if (request.TryGetIceControlled(out _) && !request.TryGetIceControlling(out _))
        {
            writer = new StunMessageWriter(response, StunClass.ErrorResponse, StunMethod.Binding, request.TransactionId);
            writer.AddErrorCode(487, "Role Conflict");
            writer.AddMessageIntegrity(LocalCredentials.PasswordBytes);
            writer.AddFingerprint();
            return new IceCheckResult(IceCheckVerdict.RoleConflict, IceDropReason.None, writer.Length, false);
        }

        bool changed;
        lock (_gate)
        {
            if (_state == IceAgentState.Failed)
            {
                Drops.Increment(IceDropReason.AgentClosed);
                return IceCheckResult.Dropped(IceDropReason.AgentClosed);
            }

            if (!_verified.Contains(address))
            {
                if (_verified.Count >= _options.MaxRemoteAddresses)
                {
                    Drops.Increment(IceDropReason.TooManyAddresses);
                    return IceCheckResult.Dropped(IceDropReason.TooManyAddresses);
                }

                _verified.Add(address);
            }

            changed = (request.HasUseCandidate || _selected is null) && _selected != address;
            if (changed)
            {
                _selected = address;
                _state = IceAgentState.Connected;
            }

            // RFC 7675 §5.1: consent is per pair; only the selected pair's checks keep it fresh.
            if (_selected == address)
            {
                _consentRefreshedAt = _timeProvider.GetUtcNow();
            }
        }

        if (changed)
        {
            Log.PairSelected(_logger, LocalCredentials.Ufrag, address);
        }

        // RFC 8445 §7.3.1: the success response carries the source as XOR-MAPPED-ADDRESS and is
        // protected with the same (local) password.
        writer.AddXorMappedAddress(address.EndPoint);
        writer.AddMessageIntegrity(LocalCredentials.PasswordBytes);
        writer.AddFingerprint();
        return new IceCheckResult(IceCheckVerdict.Answered, IceDropReason.None, writer.Length, changed);
    }

    /// <summary>
    /// Forgets a remote address whose transport went away (a closed ICE-TCP connection). If it was
    /// selected, nothing is selected until the next verified check; consent keeps running.
    /// </summary>
    public void RemoveAddress(IceTransportAddress address)
    {
        lock (_gate)
        {
            _verified.Remove(address);
            if (_selected == address)
            {
                _selected = null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _state = IceAgentState.Failed;
            _verified.Clear();
            _selected = null;
        }

        _timer.Dispose();
    }

    /// <summary>Everything a request must pass before it may change state; a drop reason or None.</summary>
    private IceDropReason Verify(StunMessage request)
    {
        if (!request.IsBindingRequest)
        {
            return IceDropReason.NotBindingRequest;
        }

        // Cheapest first: the CRC, then the username, and only then the HMAC.
        if (!request.HasFingerprint)
        {
            return IceDropReason.MissingFingerprint;
        }

        if (!request.VerifyFingerprint())
        {
            return IceDropReason.BadFingerprint;
        }

        if (!request.TryGetUsername(out var username))
        {
            return IceDropReason.MissingUsername;
        }

        byte[]? expected;
        lock (_gate)
        {
            if (_state == IceAgentState.Failed)
            {
                return IceDropReason.AgentClosed;
            }

            expected = _expectedUsername;
        }

        if (expected is null)
        {
            return IceDropReason.RemoteUfragUnknown;
        }

        if (!username.SequenceEqual(expected))
        {
            return IceDropReason.UfragMismatch;
        }

        if (!request.HasMessageIntegrity)
        {
            return IceDropReason.MissingIntegrity;
        }

        if (!request.VerifyMessageIntegrity(LocalCredentials.PasswordBytes))
        {
            return IceDropReason.BadIntegrity;
        }

        // RFC 8445 §7.1.1: every check carries PRIORITY.
        return request.TryGetPriority(out _) ? IceDropReason.None : IceDropReason.MissingPriority;
    }

    private void OnTimer()
    {
        IceConsentLossReason reason;
        lock (_gate)
        {
            if (_state == IceAgentState.Failed)
            {
                return;
            }

            var connected = _state == IceAgentState.Connected;
            var deadline = _consentRefreshedAt + (connected ? _options.ConsentTimeout : _options.ConnectTimeout);
            var now = _timeProvider.GetUtcNow();
            if (now < deadline)
            {
                _timer.Change(deadline - now, Timeout.InfiniteTimeSpan);
                return;
            }

            reason = connected ? IceConsentLossReason.ConsentExpired : IceConsentLossReason.NeverConnected;
            _state = IceAgentState.Failed;
            _verified.Clear();
            _selected = null;
        }

        Log.ConsentLost(_logger, LocalCredentials.Ufrag, reason);
        ConsentLost?.Invoke(this, reason);
    }
}
