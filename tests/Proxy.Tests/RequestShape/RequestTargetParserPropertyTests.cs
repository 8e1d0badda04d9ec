using CsCheck;
using SecureStream.Policy.Access;
using SecureStream.Proxy.RequestShape;

namespace SecureStream.Proxy.Tests.RequestShape;

public sealed class RequestTargetParserPropertyTests
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "policy", "signature", "token" };

    // Characters that exercise every branch: separators, escapes, controls, look-alikes.
    private static readonly Gen<string> Hostile = Gen.Char["/?&=%#;\\.azAZ09-_~+@: \0\r\n\t\u007F\u00E9\u0430\uD800"]
        .Array[0, 80].Select(chars => new string(chars));

    private static readonly Gen<string> Method = Gen.OneOfConst("GET", "POST", "PATCH", "DELETE", "OPTIONS", "PUT", "get");

    // Values with printable-ASCII escapes only (%20-%6F), so every generated query is valid.
    private static readonly Gen<string> Value = Gen.Char["abcXYZ019-._~+@:/=%"].Array[0, 12]
        .Select(chars => new string(chars))
        .Select(Gen.Char["23456"], Gen.Char["0123456789ABCDEFabcdef"], (text, high, low) =>
            text.Replace("%", $"%{high}{low}", StringComparison.Ordinal));

    private static readonly Gen<string> Query = Value.Array[1, 32].Select(values =>
        string.Join("&", values.Select((v, i) => i % 3 == 0 ? $"n{i}" : $"n{i}={v}")));

    [Fact]
    public void Parse_ArbitraryStrings_NeverThrows()
    {
        Gen.Select(Gen.String, Method).Sample((target, method) =>
        {
            var result = RequestTargetParser.Parse(target, method, RequestShapeLimits.Default, Reserved);
            Assert.Equal(result.Reason == AccessReason.Allowed, result.Target is not null);
        }, iter: 2000);
    }

    [Fact]
    public void Parse_HostileTargets_NeverThrowsAndAcceptsOnlySafeShapes()
    {
        Gen.Select(Hostile, Method).Sample((tail, method) =>
        {
            var target = "/" + tail;
            var result = RequestTargetParser.Parse(target, method, RequestShapeLimits.Default, Reserved);
            if (result.IsAllowed)
            {
                Assert.True(CameraPath.IsSafeName(result.Target.Camera.App));
                Assert.True(CameraPath.IsSafeName(result.Target.Camera.Stream));
                Assert.DoesNotContain("..", result.Target.RawPath, StringComparison.Ordinal);
                Assert.DoesNotContain("//", result.Target.RawPath, StringComparison.Ordinal);
                Assert.DoesNotContain('%', result.Target.RawPath);
            }
        }, iter: 5000);
    }

    [Fact]
    public void Parse_AcceptedQuery_PairsRejoinedEqualOriginal()
    {
        Query.Sample(query =>
        {
            var result = RequestTargetParser.Parse("/app/cam1?" + query, "GET", RequestShapeLimits.Default, Reserved);
            Assert.True(result.IsAllowed, $"{result.Reason} {result.Detail}: {query}");
            Assert.Equal(query, string.Join("&", result.Target.Query.Select(p => p.Raw)));
        }, iter: 2000);
    }
}
