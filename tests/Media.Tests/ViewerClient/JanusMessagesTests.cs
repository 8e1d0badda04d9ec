using System.Text;
using System.Text.Json;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>Janus HTTP API requests as built, and replies as Janus 1.1.2 sends them.</summary>
public sealed class JanusMessagesTests
{
    [Fact]
    public void Create_Attach_Keepalive_Destroy_KindAndTransaction()
    {
        Assert.Equal(("create", "t1"), KindAndTransaction(JanusMessages.Create("t1")));
        Assert.Equal(("keepalive", "t2"), KindAndTransaction(JanusMessages.KeepAlive("t2")));
        Assert.Equal(("destroy", "t3"), KindAndTransaction(JanusMessages.Destroy("t3")));
        using var attach = JsonDocument.Parse(JanusMessages.Attach("t4"));
        Assert.Equal("attach", attach.RootElement.GetProperty("janus").GetString());
        Assert.Equal("janus.plugin.streaming", attach.RootElement.GetProperty("plugin").GetString());
    }

    [Fact]
    public void Watch_BodyNamesTheMountpoint()
    {
        using var watch = JsonDocument.Parse(JanusMessages.Watch("t", 42));

        Assert.Equal("message", watch.RootElement.GetProperty("janus").GetString());
        var body = watch.RootElement.GetProperty("body");
        Assert.Equal("watch", body.GetProperty("request").GetString());
        Assert.Equal(42, body.GetProperty("id").GetInt64());
    }

    [Fact]
    public void Start_CarriesTheAnswerAsJsep_EscapedRoundTrip()
    {
        const string answer = "v=0\r\na=fmtp:96 x=\"1\"\r\n";

        using var start = JsonDocument.Parse(JanusMessages.Start("t", answer));

        Assert.Equal("start", start.RootElement.GetProperty("body").GetProperty("request").GetString());
        var jsep = start.RootElement.GetProperty("jsep");
        Assert.Equal("answer", jsep.GetProperty("type").GetString());
        Assert.Equal(answer, jsep.GetProperty("sdp").GetString());
    }

    [Fact]
    public void Trickle_CandidateThenCompleted()
    {
        using var candidate = JsonDocument.Parse(JanusMessages.Trickle("t", "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "v"));
        using var completed = JsonDocument.Parse(JanusMessages.Trickle("t", null, "v"));

        Assert.Equal("trickle", candidate.RootElement.GetProperty("janus").GetString());
        var c = candidate.RootElement.GetProperty("candidate");
        Assert.Equal(("candidate:1 1 udp 1 127.0.0.1 5000 typ host", "v", 0), (c.GetProperty("candidate").GetString(), c.GetProperty("sdpMid").GetString(), c.GetProperty("sdpMLineIndex").GetInt32()));
        Assert.True(completed.RootElement.GetProperty("candidate").GetProperty("completed").GetBoolean());
    }

    [Fact]
    public void TryRead_CreateSuccess_Id()
    {
        Assert.True(JanusMessages.TryRead("""{"janus": "success", "transaction": "a", "data": {"id": 676728157803104}}"""u8, out var reply));

        Assert.Equal(("success", "a", 676728157803104L), (reply.Kind, reply.Transaction, reply.Id));
        Assert.False(reply.IsError);
    }

    [Fact]
    public void TryRead_EventWithOffer_JsepRead()
    {
        var json = JsonSerializer.Serialize(new
        {
            janus = "event",
            session_id = 1,
            transaction = "c",
            sender = 2,
            plugindata = new { plugin = "janus.plugin.streaming", data = new { streaming = "event", result = new { status = "preparing" } } },
            jsep = new { type = "offer", sdp = JanusOffers.Video },
        });

        Assert.True(JanusMessages.TryRead(Encoding.UTF8.GetBytes(json), out var reply));

        Assert.Equal(("event", "offer", JanusOffers.Video), (reply.Kind, reply.JsepType, reply.JsepSdp));
        Assert.False(reply.IsError);
    }

    public static TheoryData<string, string, int> Errors => new()
    {
        { "core", """{"janus": "error", "transaction": "x", "error": {"code": 458, "reason": "No such session 1"}}""", 458 },
        { "plugin", """{"janus": "event", "sender": 2, "plugindata": {"plugin": "janus.plugin.streaming", "data": {"streaming": "event", "error_code": 455, "error": "No such mountpoint/stream 9"}}}""", 455 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void TryRead_Error_CodeOnly(string name, string json, int code)
    {
        Assert.True(JanusMessages.TryRead(Encoding.UTF8.GetBytes(json), out var reply), name);

        Assert.True(reply.IsError);
        Assert.Equal(code, reply.ErrorCode);
    }

    [Fact]
    public void TryRead_ArrayOfEvents_FirstRead()
    {
        Assert.True(JanusMessages.TryRead("""[{"janus": "keepalive"}, {"janus": "webrtcup"}]"""u8, out var reply));

        Assert.Equal("keepalive", reply.Kind);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "empty", "" },
        { "not_json", "<html>" },
        { "truncated", """{"janus": "succ""" },
        { "no_kind", """{"transaction": "a"}""" },
        { "kind_not_string", """{"janus": 1}""" },
        { "empty_array", "[]" },
        { "number", "42" },
        { "too_deep", new string('[', 40) + new string(']', 40) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryRead_Malformed_False(string name, string json)
    {
        Assert.False(JanusMessages.TryRead(Encoding.UTF8.GetBytes(json), out var reply), name);
        Assert.Null(reply);
    }

    private static (string?, string?) KindAndTransaction(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return (document.RootElement.GetProperty("janus").GetString(), document.RootElement.GetProperty("transaction").GetString());
    }
}
