using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Tests.Admission;

public sealed class AdmissionBodyTests
{
    private const string VectorBody =
        """{"client":{"address":"10.0.0.5","port":50000},"request":{"direction":"outgoing","protocol":"WebRTC","status":"opening","time":"2026-01-01T00:00:00.000+00:00","url":"ws://cam.example:3333/app/cam1"}}""";

    private static AdmissionRequest VectorRequest => new(
        "10.0.0.5", 50000, null, null, "ws://cam.example:3333/app/cam1", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Opening_ProtocolVector_ExactBytes()
    {
        var body = AdmissionBody.Opening(VectorRequest);

        Assert.Equal(198, body.Length);
        Assert.Equal(VectorBody, Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Ome_ProtocolVector_MatchesPublishedSignature()
    {
        var body = AdmissionBody.Opening(VectorRequest);

        Assert.Equal("yz-mJLdkQO22U6YnQPqnLgKuxeI", AdmissionSignature.Ome(SecretValue.FromText("1234"), body));
    }

    [Fact]
    public void Timestamped_IndependentComputation_Matches()
    {
        var body = Encoding.UTF8.GetBytes(VectorBody);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var header = AdmissionSignature.Timestamped(SecretValue.FromText("1234"), body, now);

        var expectedMac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("1234"), Encoding.UTF8.GetBytes("1767225600." + VectorBody)));
        Assert.Equal("t=1767225600,v1=" + expectedMac, header);
    }

    [Fact]
    public void Opening_RealIpAndUserAgent_WrittenInOrderAfterPort()
    {
        var request = VectorRequest with { RealIp = "203.0.113.9", UserAgent = "OvenPlayer" };

        var text = Encoding.UTF8.GetString(AdmissionBody.Opening(request));

        Assert.StartsWith("""{"client":{"address":"10.0.0.5","port":50000,"real_ip":"203.0.113.9","user_agent":"OvenPlayer"},""", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_QueryAmpersand_NotEscaped()
    {
        var request = VectorRequest with { Url = "ws://cam.example:3333/app/cam1?policy=a&signature=b" };

        var text = Encoding.UTF8.GetString(AdmissionBody.Opening(request));

        Assert.Contains("\"url\":\"ws://cam.example:3333/app/cam1?policy=a&signature=b\"", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> HostileUserAgents => new()
    {
        { "crlf", "evil\r\n\"allowed\":true" },
        { "quote-brace", "\"},\"request\":{\"status\":\"closing\"" },
        { "ansi", "\u001b[31mred" },
        { "template", "{Endpoint}{0}" },
        { "non-ascii", "Caf\u00e9 \u2028 \ud83d\ude00" },
    };

    [Theory]
    [MemberData(nameof(HostileUserAgents))]
    public void Opening_HostileUserAgent_StaysOneJsonString(string name, string userAgent)
    {
        Assert.NotNull(name);
        var body = AdmissionBody.Opening(VectorRequest with { UserAgent = userAgent });

        using var document = JsonDocument.Parse(body);
        Assert.Equal(userAgent, document.RootElement.GetProperty("client").GetProperty("user_agent").GetString());
        Assert.Equal("opening", document.RootElement.GetProperty("request").GetProperty("status").GetString());
        Assert.Equal(2, document.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Closing_WithRedirect_CarriesOursAfterUrlInOrder()
    {
        var closing = AdmissionTestEndpoints.Closing("s-1", bytes: 1234) with { NewUrl = "ws://cam.example:3333/app/cam2" };

        var text = Encoding.UTF8.GetString(AdmissionBody.Closing(closing));

        Assert.Equal(
            """{"client":{"address":"10.0.0.5","port":50000},"request":{"direction":"outgoing","protocol":"WebRTC","status":"closing","time":"2026-01-01T00:01:00.000+00:00","url":"ws://cam.example:3333/app/cam1","new_url":"ws://cam.example:3333/app/cam2","session_id":"s-1","duration_ms":60000,"bytes_sent":1234}}""",
            text);
    }

    [Fact]
    public void FormatTime_NonUtcOffset_KeepsNumericOffsetAndMilliseconds() =>
        Assert.Equal(
            "2026-03-04T05:06:07.089+02:00",
            AdmissionBody.FormatTime(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 89, TimeSpan.FromHours(2))));
}
