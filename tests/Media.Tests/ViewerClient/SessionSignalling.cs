using SecureStream.Media.Tests.WebRtc.Sessions;
using SecureStream.Media.WebRtc.Sessions;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>Signalling without HTTP: the offer goes straight to the fixture's session factory, as the WHEP endpoint hands it on.</summary>
internal sealed class SessionSignalling(SessionFixture fixture) : IViewerSignalling
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
