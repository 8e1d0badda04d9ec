using System.Globalization;
using System.Net.Http.Headers;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Metrics;

/// <summary>
/// One scrape of the gateway's <c>/metrics</c> with the scrape token, as Prometheus sends it
/// (<c>Authorization: Bearer</c>), read as the Prometheus text format.
/// </summary>
internal sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _samples;

    /// <summary>Reads a scrape's text (the Prometheus text format).</summary>
    public static MetricsScrape Parse(string body) => new(body);

    private MetricsScrape(string body)
    {
        Body = body;
        _samples = [];
        foreach (var line in body.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]: no label value the gateway writes holds "} ".
            var end = line.Contains('{', StringComparison.Ordinal) ? line.LastIndexOf('}') + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            var value = line[end..].Trim().Split(' ')[0];
            _samples[line[..end]] = double.Parse(value, CultureInfo.InvariantCulture);
        }
    }

    public string Body { get; }

    /// <summary>The distinct series: every sample line, by its name and labels.</summary>
    public IReadOnlyCollection<string> Series => _samples.Keys;

    public static async Task<MetricsScrape> ReadAsync(GatewayUnderTest gateway, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{gateway.ManagementPort}/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await gateway.Client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {body}");
        return new MetricsScrape(body);
    }

    /// <summary>
    /// The sum over the series of metric <paramref name="name"/> whose labels include every one of
    /// <paramref name="labels"/> (<c>decision="admitted"</c>); 0 when there is none.
    /// </summary>
    public double Sum(string name, params string[] labels) => Find(name, labels) ?? 0;

    /// <summary>As <see cref="Sum"/>, but null when no series matches.</summary>
    public double? Find(string name, params string[] labels)
    {
        var matching = _samples.Where(s => (s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal))
                                           && labels.All(label => s.Key.Contains("{" + label, StringComparison.Ordinal) || s.Key.Contains("," + label, StringComparison.Ordinal)))
            .ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }
}
