namespace SecureStream.Proxy.Pages;

/// <summary>One file the pages are made of, read once from the assembly.</summary>
/// <param name="Name">The file name, as it appears in <c>/console/assets/{name}</c>.</param>
/// <param name="ContentType">The media type it is served with (with charset for text).</param>
/// <param name="Content">The bytes, never changed after load.</param>
/// <param name="ETag">A strong validator over the bytes, so a browser revalidates instead of refetching.</param>
internal sealed record PageAsset(string Name, string ContentType, ReadOnlyMemory<byte> Content, string ETag);
