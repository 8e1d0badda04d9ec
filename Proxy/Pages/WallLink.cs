namespace SecureStream.Proxy.Pages;

/// <summary>One tile of the demo wall: the camera, a same-origin WHEP URL and a snapshot URL, each already signed for it.</summary>
/// <param name="Camera"><c>demo/{name}</c>.</param>
/// <param name="Url"><c>/demo/{name}/whep?rendition=sub&amp;policy=…&amp;signature=…</c>: a credential; sent only to the viewer who asked.</param>
/// <param name="Snapshot"><c>/demo/{name}/snapshot.jpg?rendition=sub&amp;policy=…&amp;signature=…</c>: the tile's poster (docs/snapshots.md), a credential of its own, signed like <paramref name="Url"/>.</param>
internal sealed record WallLink(string Camera, string Url, string Snapshot);
