using SecureStream.ViewerClient;

namespace SecureStream.LoadTool;

/// <summary>Each viewer's signalling: WHEP towards SecureStream, or the Janus HTTP API with <c>--janus</c>.</summary>
internal static class ViewerSignallingFactory
{
    public static IViewerSignalling Create(LoadToolOptions options, HttpClient http, int index) =>
        options.JanusApi is { } janus
            ? new ServerOfferSignalling(new JanusStreamingSignalling(http, new Uri(janus), options.Mountpoints[index % options.Mountpoints.Count]))
            : new WhepSignalling(http, new Uri(options.UrlFor(index)));
}
