using System.Text;
using CsCheck;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;

namespace SecureStream.Policy.Tests.Admission;

public sealed class AdmissionResponseParserTests
{
    public static TheoryData<string, string, AccessReason, string> Bodies => new()
    {
        { "allowed-true", """{"allowed":true}""", AccessReason.Allowed, AdmissionOutcome.Allowed },
        { "allowed-false", """{"allowed":false,"reason":"off hours"}""", AccessReason.WebhookDenied, AdmissionOutcome.Denied },
        { "string-true", """{"allowed":"true"}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "number-one", """{"allowed":1}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "null", """{"allowed":null}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "empty-object", "{}", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "empty-body", "", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "case-variant-key", """{"Allowed":true}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "duplicate-allowed-false-then-true", """{"allowed":false,"allowed":true}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "duplicate-allowed-true-then-false", """{"allowed":true,"allowed":false}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "duplicate-other-key", """{"allowed":true,"reason":"a","reason":"b"}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "duplicate-nested-key", """{"allowed":true,"x":{"a":1,"a":2}}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "html", "<html><body>allowed: true</body></html>", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "array", """[{"allowed":true}]""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "nested-allowed", """{"result":{"allowed":true}}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "trailing-garbage", """{"allowed":true} x""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "two-objects", """{"allowed":false}{"allowed":true}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "comment", """{"allowed":true /* ok */}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "trailing-comma", """{"allowed":true,}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "single-quotes", "{'allowed':true}", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "lifetime-negative", """{"allowed":true,"lifetime":-1}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "lifetime-float", """{"allowed":true,"lifetime":1.5}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "lifetime-string", """{"allowed":true,"lifetime":"1000"}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "lifetime-huge", """{"allowed":true,"lifetime":99999999999999999999}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "lifetime-long-max", """{"allowed":true,"lifetime":9223372036854775807}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "lifetime-one-past-a-year", """{"allowed":true,"lifetime":31536000001}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "lifetime-exponent", """{"allowed":true,"lifetime":1e3}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "new-url-number", """{"allowed":true,"new_url":42}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "new-url-null", """{"allowed":true,"new_url":null}""", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "unknown-keys-ignored", """{"allowed":true,"extra":{"deep":[1,2]}}""", AccessReason.Allowed, AdmissionOutcome.Allowed },
        { "deep-nesting", "{\"allowed\":true,\"x\":" + new string('[', 64) + new string(']', 64) + "}", AccessReason.WebhookUnavailable, AdmissionOutcome.MalformedResponse },
        { "non-ascii-reason", "{\"allowed\":true,\"reason\":\"\u00ff\"}", AccessReason.Allowed, AdmissionOutcome.Allowed },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Parse_Body_ExpectedDecision(string name, string body, AccessReason reason, string outcome)
    {
        Assert.NotNull(name);
        var decision = AdmissionResponseParser.Parse(Encoding.UTF8.GetBytes(body), TimeSpan.FromMilliseconds(3), 200);

        Assert.Equal(reason, decision.Reason);
        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(reason == AccessReason.Allowed, decision.IsAllowed);
    }

    [Fact]
    public void Parse_InvalidUtf8Bytes_Malformed()
    {
        byte[] body = [.. "{\"allowed\":true,\"reason\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Equal(AdmissionOutcome.MalformedResponse, AdmissionResponseParser.Parse(body, TimeSpan.Zero, 200).Outcome);
    }

    public static TheoryData<string, long?> Lifetimes => new()
    {
        { """{"allowed":true}""", null },
        { """{"allowed":true,"lifetime":0}""", null },
        { """{"allowed":true,"lifetime":60000}""", 60000 },
        { """{"allowed":true,"lifetime":1}""", 1 },
        { """{"allowed":true,"lifetime":31536000000}""", AdmissionResponseParser.MaxLifetimeMs },
    };

    [Theory]
    [MemberData(nameof(Lifetimes))]
    public void Parse_Lifetime_ZeroOrAbsentIsUnlimited(string body, long? expected)
    {
        var decision = AdmissionResponseParser.Parse(Encoding.UTF8.GetBytes(body), TimeSpan.Zero, 200);

        Assert.True(decision.IsAllowed);
        Assert.Equal(expected, decision.LifetimeMs);
    }

    [Fact]
    public void Parse_AllowedWithNewUrlAndReason_AllCarried()
    {
        var decision = AdmissionResponseParser.Parse(
            """{"allowed":true,"new_url":"ws://cam.example:3333/app/cam2","lifetime":5000,"reason":"ok"}"""u8.ToArray(), TimeSpan.FromMilliseconds(7), 200);

        Assert.Equal("ws://cam.example:3333/app/cam2", decision.NewUrl);
        Assert.Equal(5000, decision.LifetimeMs);
        Assert.Equal("ok", decision.PeerReason);
        Assert.Equal(TimeSpan.FromMilliseconds(7), decision.Latency);
        Assert.Equal(200, decision.HttpStatus);
    }

    [Fact]
    public void Parse_DeniedWithNewUrl_NewUrlNotCarried()
    {
        var decision = AdmissionResponseParser.Parse("""{"allowed":false,"new_url":"ws://evil/app/x","lifetime":5}"""u8.ToArray(), TimeSpan.Zero, 200);

        Assert.Equal(AccessReason.WebhookDenied, decision.Reason);
        Assert.Null(decision.NewUrl);
        Assert.Null(decision.LifetimeMs);
    }

    public static TheoryData<string, string> Reasons => new()
    {
        { "a\r\nb", "a\\u000d\\u000ab" },
        { "\u001b[31mred", "\\u001b[31mred" },
        { "rtl\u202eevil", "rtl\\u202eevil" },
        { "{Template}", "{Template}" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void EscapeForLog_ControlCharacters_Escaped(string reason, string expected) =>
        Assert.Equal(expected, AdmissionResponseParser.EscapeForLog(reason));

    [Fact]
    public void Parse_LongReason_BoundedTo256()
    {
        var body = "{\"allowed\":false,\"reason\":\"" + new string('\n', 10000) + "\"}";
        var json = body.Replace("\n", "\\n", StringComparison.Ordinal);

        var decision = AdmissionResponseParser.Parse(Encoding.UTF8.GetBytes(json), TimeSpan.Zero, 200);

        Assert.Equal(AccessReason.WebhookDenied, decision.Reason);
        Assert.NotNull(decision.PeerReason);
        Assert.InRange(decision.PeerReason.Length, 250, AdmissionResponseParser.MaxPeerReasonLength);
        Assert.DoesNotContain('\n', decision.PeerReason);
    }

    [Fact]
    public void Parse_ArbitraryBytes_NeverThrowsAndOnlyTrueAdmits()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var decision = AdmissionResponseParser.Parse(bytes, TimeSpan.Zero, 200);
            Assert.Contains(decision.Outcome, new[] { AdmissionOutcome.Allowed, AdmissionOutcome.Denied, AdmissionOutcome.MalformedResponse });
        });
    }

    [Fact]
    public void Parse_MutatedValidBodies_NeverThrow()
    {
        var seeds = new[] { """{"allowed":true,"lifetime":5,"new_url":"ws://a:1/b/c","reason":"r"}"""u8.ToArray() };
        Gen.Select(Gen.OneOfConst(seeds), Gen.Int[0, 60], Gen.Byte).Sample((seed, index, value) =>
        {
            var mutated = (byte[])seed.Clone();
            mutated[index % mutated.Length] = value;
            var decision = AdmissionResponseParser.Parse(mutated, TimeSpan.Zero, 200);
            Assert.False(decision.IsAllowed && decision.Outcome != AdmissionOutcome.Allowed);
        });
    }
}
