namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// Our DTLS role, which picks the write keys (RFC 5764 §4.2): the client encrypts with the client
/// write key and decrypts with the server's, the server the other way round. The gateway is the DTLS
/// server (it answers the browser's ClientHello); the client role exists for tests that play the browser.
/// </summary>
internal enum SrtpEndpointRole
{
    Client,
    Server,
}
