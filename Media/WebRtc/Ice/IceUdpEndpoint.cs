using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// The one ICE port every WebRTC session shares: a UDP socket and, on the same port number, the
/// ICE-TCP passive listener (<see cref="IceTcpListener"/>). STUN, DTLS and SRTP share it and are
/// told apart by their first byte (RFC 7983).
/// </summary>
/// <remarks>
/// <para>Routing: a Binding request goes to the session whose local ufrag is the part of USERNAME
/// before the colon (one dictionary look-up, no allocation); that session's <see cref="IceLiteAgent"/>
/// decides. Once the agent verified a check from an address, the address maps to the session and
/// its DTLS and SRTP packets go to the session's <see cref="ISessionTransportHandler"/>.</para>
/// <para>Security invariant: nothing but a verified check makes an address routable. An unknown
/// ufrag, a check the agent refuses, and any non-STUN packet from an address no live session
/// verified are dropped and counted in <see cref="Drops"/>, never answered. An address stays with
/// the session that verified it first while that session still has it verified.</para>
/// </remarks>
internal sealed partial class IceUdpEndpoint : IAsyncDisposable
{
    private const int MaxDatagramSize = 65535;
    private const int BindAttempts = 8;

    private readonly IceEndpointOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IceUdpEndpoint> _logger;
    private readonly ConcurrentDictionary<string, IceSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IceTransportAddress, IceSession> _byAddress = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly long[] _reportedDrops = IceDropCounters.CreateSnapshotArray();
    private readonly Lock _reportGate = new();
    private Socket? _udp;
    private IceTcpListener? _tcp;
    private Task _udpLoop = Task.CompletedTask;
    private ITimer? _reportTimer;
    private int _started;

    public IceUdpEndpoint(IOptions<IceEndpointOptions> options, TimeProvider timeProvider, ILogger<IceUdpEndpoint> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        Drops = new IceDropCounters(ScheduleDropReport);
    }

    /// <summary>Every packet dropped on this port, by reason (including the agents' refusals).</summary>
    public IceDropCounters Drops { get; }

    /// <summary>The bound UDP address (the port is the one that was picked when configured as 0).</summary>
    public IPEndPoint UdpLocalEndPoint => (IPEndPoint)(_udp ?? throw NotStarted()).LocalEndPoint!;

    /// <summary>The ICE-TCP listener's address (same port number), or null when TCP is off.</summary>
    public IPEndPoint? TcpLocalEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The ICE-TCP listener, or null when TCP is off.</summary>
    internal IceTcpListener? Tcp => _tcp;

    public int Port => UdpLocalEndPoint.Port;

    public int SessionCount => _byUfrag.Count;

    /// <summary>Remote addresses that route to a session now: only verified checks add one.</summary>
    internal int RoutedAddressCount => _byAddress.Count;

    /// <summary>Binds the UDP socket and the TCP listener and starts receiving.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The ICE endpoint is already started.");
        }

        var address = IPAddress.Parse(_options.BindAddress);
        for (var attempt = 1; ; attempt++)
        {
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            Socket? tcp = null;
            try
            {
                if (address.Equals(IPAddress.IPv6Any))
                {
                    udp.DualMode = true;
                }

                udp.Bind(new IPEndPoint(address, _options.Port));
                if (_options.EnableTcp)
                {
                    tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    if (address.Equals(IPAddress.IPv6Any))
                    {
                        tcp.DualMode = true;
                    }

                    tcp.Bind(new IPEndPoint(address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                    tcp.Listen(512);
                }

                _udp = udp;
                _tcp = tcp is null ? null : new IceTcpListener(tcp, this, _options, _timeProvider);
                break;
            }
            catch (SocketException) when (_options.Port == 0 && attempt < BindAttempts)
            {
                // The port picked for UDP was taken for TCP: pick another pair.
                udp.Dispose();
                tcp?.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp?.Dispose();
                throw;
            }
        }

        // Armed by the first drop after a report (ScheduleDropReport), not periodically: a port
        // that drops nothing never wakes for it. Created before the loops can count a drop.
        _reportTimer = _timeProvider.CreateTimer(static state => ((IceUdpEndpoint)state!).ReportDrops(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _udpLoop = Task.Run(() => ReceiveUdpAsync(_stopping.Token));
        _tcp?.Start(_stopping.Token);

        Log.Started(_logger, UdpLocalEndPoint, _tcp is not null);
    }

    /// <summary>
    /// Puts a session on the port: checks whose USERNAME begins with its agent's local ufrag are
    /// routed to it. Throws when another live session has the same ufrag (generate new credentials).
    /// </summary>
    public IceSession Register(IceLiteAgent agent, ISessionTransportHandler handler)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(handler);
        var session = new IceSession(this, agent, handler);
        if (!_byUfrag.TryAdd(agent.LocalCredentials.Ufrag, session))
        {
            throw new InvalidOperationException("Another session on this ICE port has the same ufrag; generate new credentials.");
        }

        session.ConsentLostHandler = (_, reason) => OnConsentLost(session, reason);
        agent.ConsentLost += session.ConsentLostHandler;
        return session;
    }

    /// <summary>
    /// Sends <paramref name="packet"/> to the session's selected pair (UDP datagram or RFC 4571 frame).
    /// False when nothing is selected, the session is gone or the send failed; never throws for those.
    /// </summary>
    public async ValueTask<bool> SendAsync(IceSession session, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.IsDisposed || packet.IsEmpty || session.Agent.SelectedAddress is not { } selected)
        {
            return false;
        }

        if (selected.Protocol == IceProtocol.Tcp)
        {
            return _tcp is not null && await _tcp.SendAsync(selected, packet, cancellationToken);
        }

        try
        {
            await (_udp ?? throw NotStarted()).SendToAsync(packet, SocketFlags.None, selected.EndPoint, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// The host candidates to advertise (RFC 8839 §5.1): a UDP one and, with TCP on, a
    /// <c>tcptype passive</c> one per advertised address, all on this port.
    /// </summary>
    public IReadOnlyList<IceCandidate> GetLocalCandidates()
    {
        var port = Port;
        var hosts = _options.AdvertisedAddresses.Count > 0 ? [.. _options.AdvertisedAddresses] : DefaultAdvertisedAddresses();
        var candidates = new List<IceCandidate>(hosts.Count * 2);
        for (var i = 0; i < hosts.Count; i++)
        {
            // RFC 8445 §5.1.1.3: one foundation per (type, base, protocol); two per address here.
            if (_options.AdvertiseUdp)
            {
                candidates.Add(new IceCandidate(((2 * i) + 1).ToString(), IceProtocol.Udp, IceCandidate.ComputePriority(IceProtocol.Udp, i), hosts[i], port));
            }

            if (_tcp is not null)
            {
                candidates.Add(new IceCandidate(((2 * i) + 2).ToString(), IceProtocol.Tcp, IceCandidate.ComputePriority(IceProtocol.Tcp, i), hosts[i], port));
            }
        }

        return candidates;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _reportTimer?.Dispose();
        _udp?.Dispose();
        if (_tcp is not null)
        {
            await _tcp.DisposeAsync();
        }

        try
        {
            await _udpLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    internal void Unregister(IceSession session)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, IceSession>(session.LocalUfrag, session));
        if (session.ConsentLostHandler is { } handler)
        {
            session.Agent.ConsentLost -= handler;
        }

        ForgetAddresses(session);
    }

    /// <summary>
    /// The routing decision for one packet (datagram or frame) from <paramref name="source"/>;
    /// returns the length of a STUN response written to <paramref name="response"/>, or 0.
    /// </summary>
    internal int Process(ReadOnlyMemory<byte> packet, IceTransportAddress source, Span<byte> response, out IceSession? verifiedFor)
    {
        verifiedFor = null;
        switch (TransportPacketClassifier.Classify(packet.Span))
        {
            case TransportPacketKind.Stun:
                return ProcessStun(packet.Span, source, response, out verifiedFor);
            case TransportPacketKind.Dtls:
            case TransportPacketKind.Rtp:
                if (!_byAddress.TryGetValue(source, out var session)
                    || session.IsDisposed
                    || !session.Agent.IsVerified(source.EndPoint, source.Protocol))
                {
                    Drops.Increment(IceDropReason.UnverifiedAddress);
                    return 0;
                }

                try
                {
                    session.Handler.OnPacket(packet, source);
                }
#pragma warning disable CA1031 // A session's bug must not stop the port every session shares.
                catch (Exception)
#pragma warning restore CA1031
                {
                    Drops.Increment(IceDropReason.HandlerFailed);
                }

                return 0;
            default:
                Drops.Increment(IceDropReason.UnknownPacketType);
                return 0;
        }
    }

    private int ProcessStun(ReadOnlySpan<byte> packet, IceTransportAddress source, Span<byte> response, out IceSession? verifiedFor)
    {
        verifiedFor = null;
        if (!StunMessage.TryRead(packet, out var message, out _))
        {
            Drops.Increment(IceDropReason.MalformedStun);
            return 0;
        }

        if (!message.IsBindingRequest)
        {
            Drops.Increment(IceDropReason.NotBindingRequest);
            return 0;
        }

        if (!message.TryGetUsername(out var username))
        {
            Drops.Increment(IceDropReason.MissingUsername);
            return 0;
        }

        // RFC 8445 §7.2.2: USERNAME is "receiver-ufrag:sender-ufrag"; ours is ASCII ice-chars, so a
        // byte-per-char view of the part before the colon is enough to look it up.
        var colon = username.IndexOf((byte)':');
        var localPart = colon < 0 ? username : username[..colon];
        Span<char> ufrag = stackalloc char[StunMessage.MaxUsernameBytes];
        var length = Encoding.Latin1.GetChars(localPart, ufrag);
        if (!_byUfrag.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(ufrag[..length], out var session) || session.IsDisposed)
        {
            Drops.Increment(IceDropReason.UnknownUfrag);
            return 0;
        }

        var result = session.Agent.HandleBindingRequest(message, source.EndPoint, source.Protocol, response);
        if (result.Verdict == IceCheckVerdict.Dropped)
        {
            Drops.Increment(result.DropReason);
            return 0;
        }

        if (result.Verdict == IceCheckVerdict.Answered)
        {
            _byAddress.AddOrUpdate(
                source,
                static (_, candidate) => candidate,
                static (address, existing, candidate) =>
                    existing == candidate || existing.IsDisposed || !existing.Agent.IsVerified(address.EndPoint, address.Protocol) ? candidate : existing,
                session);
            verifiedFor = session;
        }

        return result.ResponseLength;
    }

    private async Task ReceiveUdpAsync(CancellationToken cancellationToken)
    {
        var udp = _udp!;
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramSize, pinned: true);
        var response = new byte[IceLiteAgent.MaxResponseSize];
        EndPoint any = new IPEndPoint(udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // ICMP errors for earlier sends and oversized datagrams say nothing about the next packet.
                continue;
            }
            catch (SocketException e) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ReceiveFailed(_logger, e.SocketErrorCode);
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var source = new IceTransportAddress(IceProtocol.Udp, (IPEndPoint)received.RemoteEndPoint);
            var responseLength = Process(buffer.AsMemory(0, received.ReceivedBytes), source, response, out _);
            if (responseLength > 0)
            {
                try
                {
                    await udp.SendToAsync(response.AsMemory(0, responseLength), SocketFlags.None, source.EndPoint, cancellationToken);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // A lost response is a lost datagram; the browser retransmits.
                }
            }
        }
    }

    /// <summary>An ICE-TCP connection closed: its address no longer reaches <paramref name="session"/>.</summary>
    internal void ForgetTcpAddress(IceTransportAddress remote, IceSession session)
    {
        session.Agent.RemoveAddress(remote);
        _byAddress.TryRemove(new KeyValuePair<IceTransportAddress, IceSession>(remote, session));
    }

    private void OnConsentLost(IceSession session, IceConsentLossReason reason)
    {
        ForgetAddresses(session);
        try
        {
            session.Handler.OnConsentLost(reason);
        }
#pragma warning disable CA1031 // A session's bug must not stop the port every session shares.
        catch (Exception)
#pragma warning restore CA1031
        {
            Drops.Increment(IceDropReason.HandlerFailed);
        }
    }

    private void ForgetAddresses(IceSession session)
    {
        foreach (var pair in _byAddress)
        {
            if (pair.Value == session)
            {
                _byAddress.TryRemove(pair);
            }
        }

        _tcp?.CloseConnectionsOf(session);
    }

    private void ScheduleDropReport()
    {
        try
        {
            _reportTimer?.Change(_options.DropReportInterval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A packet dropped while the port shuts down: nothing left to report to.
        }
    }

    private void ReportDrops()
    {
        IReadOnlyList<KeyValuePair<IceDropReason, long>> delta;
        lock (_reportGate)
        {
            delta = Drops.DeltaSince(_reportedDrops);
        }

        if (delta.Count > 0 && _logger.IsEnabled(LogLevel.Debug))
        {
            var total = delta.Sum(pair => pair.Value);
            var summary = string.Join(", ", delta.Select(pair => $"{pair.Key} {pair.Value}"));
            Log.PacketsDropped(_logger, total, (int)_options.DropReportInterval.TotalSeconds, summary);
        }
    }

    private List<string> DefaultAdvertisedAddresses()
    {
        var bound = UdpLocalEndPoint.Address;
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            return [bound.ToString()];
        }

        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily == AddressFamily.InterNetwork
                || (bound.Equals(IPAddress.IPv6Any) && !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal))
            .Select(address => address.ToString())
            .Distinct()
            .ToList();
        return addresses.Count > 0 ? addresses : [IPAddress.Loopback.ToString()];
    }

    private static InvalidOperationException NotStarted() => new("The ICE endpoint has not been started.");
}
