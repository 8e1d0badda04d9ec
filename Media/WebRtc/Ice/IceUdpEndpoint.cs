using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Media.Hosting;
using SecureStream.Media.WebRtc.Batching;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// The one ICE port every WebRTC session shares: a UDP socket and, on the same port number, the
/// ICE-TCP passive listener (<see cref="IceTcpListener"/>, which knows the port only as its
/// <see cref="IIcePacketRouter"/>). STUN, DTLS and SRTP share it and are told apart by their first
/// byte (RFC 7983; docs/media-transport.md, "One media port"). This file holds the sockets, sending, candidates and drop reports; the routing
/// is in IceUdpEndpoint.Routing.cs.
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
internal sealed partial class IceUdpEndpoint : IIcePacketRouter, IMediaPortState, IAsyncDisposable
{
    private const int MaxDatagramSize = 65535;
    private const int BindAttempts = 8;

    // The longest the receive thread waits to hand the kernel a STUN response when the port's send
    // buffer is full (a blocking send): a lost response is a lost datagram, the peer retransmits.
    private const int ResponseSendTimeoutMs = 100;

    private readonly IceEndpointOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<IceUdpEndpoint> _logger;
    private readonly ConcurrentDictionary<string, IceSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IceTransportAddress, IceSession> _byAddress = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly long[] _reportedDrops = IceDropCounters.CreateSnapshotArray();
    private readonly Lock _reportGate = new();
    private Socket? _udp;
    private UdpBatchSocket? _batches;
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

    /// <summary>The UDP socket's batch sender, chosen at start (<see cref="DatagramSendPathProbe"/>); null before.</summary>
    internal UdpBatchSocket? Batches => Volatile.Read(ref _batches);

    /// <inheritdoc />
    public bool IsBound => Volatile.Read(ref _udp) is not null && !_stopping.IsCancellationRequested;

    public int SessionCount => _byUfrag.Count;

    /// <summary>Remote addresses that route to a session now: only verified checks add one.</summary>
    internal int RoutedAddressCount => _byAddress.Count;

    /// <summary>
    /// Binds the UDP socket and the TCP listener and starts receiving. When the port cannot be
    /// bound (<see cref="SocketException"/>) nothing is left bound and a later call may try again.
    /// </summary>
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
            try
            {
                if (address.Equals(IPAddress.IPv6Any))
                {
                    udp.DualMode = true;
                }

                udp.Bind(new IPEndPoint(address, _options.Port));
                _tcp = _options.EnableTcp
                    ? IceTcpListener.Bind(address, ((IPEndPoint)udp.LocalEndPoint!).Port, this, _options, _timeProvider)
                    : null;
                Volatile.Write(ref _batches, StartBatches(udp));
                Volatile.Write(ref _udp, udp);
                break;
            }
            catch (SocketException) when (_options.Port == 0 && attempt < BindAttempts)
            {
                // The port picked for UDP was taken for TCP: pick another pair.
                udp.Dispose();
            }
            catch
            {
                udp.Dispose();
                Volatile.Write(ref _started, 0);
                throw;
            }
        }

        // Armed by the first drop after a report (ScheduleDropReport), not periodically: a port
        // that drops nothing never wakes for it. Created before the loops can count a drop.
        _reportTimer = _timeProvider.CreateTimer(static state => ((IceUdpEndpoint)state!).ReportDrops(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _udpLoop = StartReceiveThread();
        _tcp?.Start(_stopping.Token);

        Log.Started(_logger, UdpLocalEndPoint, _tcp is not null);
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

        // A batch of one, so that a send does not make the socket asynchronous (StartReceiveThread).
        return await (Batches ?? throw NotStarted()).SendAsync(new DatagramBatch(packet, new[] { packet.Length }), selected.EndPoint, cancellationToken);
    }

    /// <summary>
    /// Sends a batch of packets (one viewer's SRTP packets of a frame) to the session's selected
    /// pair, in order: over UDP in as few system calls as the chosen send path allows, over
    /// ICE-TCP as consecutive RFC 4571 frames in one write. Completes synchronously when the
    /// socket took everything at once. False as <see cref="SendAsync"/>.
    /// </summary>
    public ValueTask<bool> SendBatchAsync(IceSession session, DatagramBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.IsDisposed || batch.Count == 0 || session.Agent.SelectedAddress is not { } selected)
        {
            return ValueTask.FromResult(false);
        }

        if (selected.Protocol == IceProtocol.Tcp)
        {
            return _tcp is not null ? _tcp.SendBatchAsync(selected, batch, cancellationToken) : ValueTask.FromResult(false);
        }

        return (Batches ?? throw NotStarted()).SendAsync(batch, selected.EndPoint, cancellationToken);
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
        if (_udp is { } udp)
        {
            // Wakes the receive thread's blocking read (it returns nothing, on an unconnected UDP
            // socket too) before the socket is closed under it.
            try
            {
                udp.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Linux answers ENOTCONN for an unconnected UDP socket, and wakes the read anyway.
            }

            udp.Dispose();
        }
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

    private UdpBatchSocket StartBatches(Socket udp)
    {
        // Validated at start (IceEndpointOptionsValidator); an options object made in code without it gets auto.
        var configured = IceEndpointOptionsValidator.TryParseSendBatching(_options.SendBatching, out var parsed) ? parsed : SendBatchingMode.Auto;
        var sender = DatagramSendPathProbe.Select(udp, configured, out var downgraded);
        if (downgraded)
        {
            SendPathLog.Unavailable(_logger, configured, sender.Path);
        }
        else
        {
            SendPathLog.Chosen(_logger, sender.Path, configured);
        }

        return new UdpBatchSocket(udp, sender);
    }

    // The port's receive runs on a thread of its own with blocking reads, one per gateway (not per
    // session or camera): a socket that never does an asynchronous receive is never added to the
    // runtime's epoll set, and only there does each send wake the sockets' event thread when the
    // kernel frees the sent buffer (a "writable again" edge, once per frame per viewer, that nobody
    // waits for). An incoming STUN, DTLS or RTCP packet is also handled where it was read, without
    // a hand-off to the thread pool. docs/benchmarks/pull-cost.md, "Wake-ups per frame".
    private Task StartReceiveThread()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(static state =>
        {
            var (endpoint, completion) = ((IceUdpEndpoint, TaskCompletionSource))state!;
            try
            {
                endpoint.ReceiveUdp(endpoint._stopping.Token);
            }
            finally
            {
                completion.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "ICE UDP receive",
        };
        thread.Start((this, done));
        return done.Task;
    }

    private void ReceiveUdp(CancellationToken cancellationToken)
    {
        var udp = _udp!;
        udp.SendTimeout = ResponseSendTimeoutMs;
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramSize, pinned: true);
        var response = new byte[IceLiteAgent.MaxResponseSize];
        EndPoint any = new IPEndPoint(udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            var remote = any;
            try
            {
                length = udp.ReceiveFrom(buffer, SocketFlags.None, ref remote);
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
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // Woken by the shutdown in DisposeAsync.
                return;
            }

            var source = new IceTransportAddress(IceProtocol.Udp, (IPEndPoint)remote);
            var responseLength = Process(buffer.AsMemory(0, length), source, response, out _);
            if (responseLength > 0)
            {
                try
                {
                    udp.SendTo(response.AsSpan(0, responseLength), SocketFlags.None, source.EndPoint);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // A lost response is a lost datagram; the browser retransmits.
                }
            }
        }
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
