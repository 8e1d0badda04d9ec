using SecureStream.Media.Streams;
using SecureStream.Media.Tests.WebRtc.Sessions;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>Signalling without HTTP: the offer goes straight to the fixture's session factory, as the WHEP endpoint hands it on.</summary>
/// <param name="afterCreate">
/// Runs on the new session before it is answered, as the origin joins its transcoders; a refusal
/// reason ends the session and fails the signalling.
/// </param>
internal sealed class SessionSignalling(
    SessionFixture fixture,
    Func<WebRtcSession, StreamSubscription, CancellationToken, Task<string?>>? afterCreate = null) : IViewerSignalling
{
    public WebRtcSession? Session { get; private set; }

    public async Task<string> ConnectAsync(string offer, CancellationToken cancellationToken)
    {
        var subscription = await fixture.SubscribeAsync();
        var created = fixture.Sessions.Create("s-viewer", offer, subscription, DateTimeOffset.UtcNow.AddHours(1));
        if (!created.IsCreated)
        {
            await subscription.DisposeAsync();
            throw new ViewerSignallingException(created.Reason);
        }

        if (afterCreate is not null && await afterCreate(created.Session, subscription, cancellationToken) is { } refusal)
        {
            await created.Session.DisposeAsync();
            throw new ViewerSignallingException(refusal);
        }

        Session = created.Session;
        return Session.Answer;
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (Session is not null)
        {
            await Session.DisposeAsync();
        }
    }
}
