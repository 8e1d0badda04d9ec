using System.Text;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// <see cref="IceUdpEndpoint"/>'s routing (<see cref="IIcePacketRouter"/>), shared by the UDP socket
/// and the ICE-TCP listener: sessions by local ufrag, addresses by verified check, and forgetting
/// an address when its connection closes, its consent is lost or its session goes. The rules are
/// in the type's remarks.
/// </summary>
internal sealed partial class IceUdpEndpoint
{
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

    internal void Unregister(IceSession session)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, IceSession>(session.LocalUfrag, session));
        if (session.ConsentLostHandler is { } handler)
        {
            session.Agent.ConsentLost -= handler;
        }

        ForgetAddresses(session);
    }

    /// <inheritdoc/>
    public int Process(ReadOnlyMemory<byte> packet, IceTransportAddress source, Span<byte> response, out IceSession? verifiedFor)
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

    /// <inheritdoc/>
    public void ForgetTcpAddress(IceTransportAddress remote, IceSession session)
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
}
