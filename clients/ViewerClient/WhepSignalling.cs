using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SecureStream.ViewerClient;

/// <summary>
/// WHEP signalling (RFC 9725): POST the offer as <c>application/sdp</c> to the endpoint, expect
/// <c>201 Created</c> with the answer and a <c>Location</c> naming the session resource (§4.2);
/// DELETE that resource to end the session (§4.3). The endpoint URL may be a signed link: it is
/// sent as given and never appears in an exception or a log.
/// </summary>
internal sealed class WhepSignalling(HttpClient http, Uri endpoint) : IViewerSignalling
{
    private static readonly MediaTypeHeaderValue Sdp = new("application/sdp");

    private Uri? _resource;

    /// <summary>The session resource from <c>Location</c>, resolved against the endpoint; null before an answer.</summary>
    public Uri? Resource => _resource;

    public async Task<string> ConnectAsync(string offer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(offer, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = Sdp;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/sdp"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            // The message may quote the URL: keep only its kind.
            throw new ViewerSignallingException("http_" + (exception.HttpRequestError.ToString().ToLowerInvariant()), exception);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new ViewerSignallingException(string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}"));
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/sdp")
            {
                throw new ViewerSignallingException("answer_not_sdp");
            }

            if (response.Headers.Location is { } location)
            {
                _resource = location.IsAbsoluteUri ? location : new Uri(endpoint, location);
            }

            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _resource, null) is not { } resource)
        {
            return;
        }

        try
        {
            using var response = await http.DeleteAsync(resource, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // Best effort: the gateway also ends the session on DTLS close_notify and on consent loss.
        }
    }
}
