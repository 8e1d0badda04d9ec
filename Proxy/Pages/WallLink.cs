namespace SecureStream.Proxy.Pages;

/// <summary>One tile of the demo wall: the camera and a same-origin WHEP URL already signed for it.</summary>
/// <param name="Camera"><c>demo/{name}</c>.</param>
/// <param name="Url"><c>/demo/{name}/whep?rendition=sub&amp;policy=…&amp;signature=…</c>: a credential; sent only to the viewer who asked.</param>
internal sealed record WallLink(string Camera, string Url);
