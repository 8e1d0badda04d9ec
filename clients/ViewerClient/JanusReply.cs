namespace SecureStream.ViewerClient;

/// <summary>
/// One reply or event of the Janus HTTP API, reduced to what a viewer acts on: its
/// <c>janus</c> kind (<c>success</c>, <c>ack</c>, <c>event</c>, <c>error</c>, <c>keepalive</c>,
/// <c>webrtcup</c>, <c>hangup</c>…), the created object's id (<c>data.id</c>), the JSEP it
/// carries, and an error code from the core (<c>error.code</c>) or the plugin
/// (<c>plugindata.data.error_code</c>).
/// </summary>
internal sealed record JanusReply(
    string Kind,
    string? Transaction,
    long? Id,
    string? JsepType,
    string? JsepSdp,
    int? ErrorCode)
{
    public bool IsError => Kind == "error" || ErrorCode is not null;
}
