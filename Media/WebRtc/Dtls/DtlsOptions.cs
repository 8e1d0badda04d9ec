namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>DTLS settings, bound from configuration section <see cref="Section"/>.</summary>
internal sealed class DtlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WebRtc:Dtls";

    /// <summary>How long a handshake may take from the session's start; then it fails with <c>timeout</c>.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest datagram we send. 1200 bytes fits any path WebRTC runs on (the value browsers
    /// use); the handshake fragments its messages to fit (RFC 6347 §4.2.3).
    /// </summary>
    public int MaxSendDatagramSize { get; set; } = 1200;

    /// <summary>
    /// The largest datagram accepted; larger ones are dropped and counted before DTLS sees them.
    /// A full Ethernet payload, far above what a DTLS-SRTP handshake needs.
    /// </summary>
    public int MaxReceiveDatagramSize { get; set; } = 1500;

    /// <summary>Datagrams waiting for the DTLS layer; more are dropped and counted (a flood never grows memory).</summary>
    public int ReceiveQueueCapacity { get; set; } = 64;

    /// <summary>
    /// The SRTP protection profiles we accept from a client's <c>use_srtp</c> offer, most preferred
    /// first, by registry name (<see cref="SrtpProfileNames"/>). The first one the client also offers
    /// wins, whatever the client's own order (RFC 5764 §4.1.1 leaves the choice to the server); a
    /// client offering none of them fails the handshake. Unset: AES-128-GCM, then AES-CM with HMAC-SHA1-80.
    /// </summary>
    public IReadOnlyList<string>? SrtpProfiles { get; set; }

    private ParsedPreference? _parsed;

    /// <summary>
    /// <see cref="SrtpProfiles"/> as the handshake uses them, parsed once rather than per session
    /// (re-parsed only if the list is replaced). Shared by every session: read, never written.
    /// </summary>
    internal SrtpProfileId[] ProfilePreference
    {
        get
        {
            var parsed = Volatile.Read(ref _parsed);
            if (parsed is null || !ReferenceEquals(parsed.Names, SrtpProfiles))
            {
                parsed = new ParsedPreference(SrtpProfiles, SrtpProfileNames.Preference(SrtpProfiles));
                Volatile.Write(ref _parsed, parsed);
            }

            return parsed.Profiles;
        }
    }

    private sealed record ParsedPreference(IReadOnlyList<string>? Names, SrtpProfileId[] Profiles);
}
