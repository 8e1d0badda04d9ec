namespace SecureStream.Proxy.Management;

/// <summary>An empty JSON object (<c>{}</c>), as OME lists a provider or publisher with default settings.</summary>
internal sealed record EmptyView;
