namespace SecureStream.Proxy.Gate;

/// <summary>
/// CORS for WHEP (RFC 9725 §4.5): players on other origins may POST offers and PATCH/DELETE their
/// session. Credentials travel in the Authorization header or the signed URL, never in cookies,
/// so allowing any origin grants nothing by itself.
/// </summary>
internal static class WhepCors
{
    public static void AddResponseHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlExposeHeaders = "Location, Link, ETag, Accept-Patch";
    }

    public static void WritePreflight(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "POST, PATCH, DELETE, OPTIONS";
        headers.AccessControlAllowHeaders = "Authorization, Content-Type, If-Match";
        headers.AccessControlMaxAge = "600";
        headers["Accept-Post"] = "application/sdp";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
