using CsCheck;
using SecureStream.Policy.Access;
using SecureStream.Policy.Forwarding;

namespace SecureStream.Policy.Tests.Forwarding;

public sealed class ForwardingRulesPropertyTests
{
    private static readonly CameraPath Cam1 = new("app", "cam1");

    private static readonly Gen<QueryPair> Pair = Gen.Select(Gen.String, Gen.String, Gen.String, Gen.Bool, (name, raw, value, bare) =>
        bare ? new QueryPair(name, raw, value) { Raw = name } : new QueryPair(name, raw, value));

    private static readonly Gen<QueryPair> PrintablePair = Gen.Select(
        Gen.Char['!', '~'].Array[1, 12].Select(c => new string(c)),
        Gen.Char['\u0020', '\u00FF'].Array[0, 20].Select(c => new string(c)),
        (name, value) => new QueryPair(name, value, value));

    [Fact]
    public void Build_ArbitraryPairs_NeverThrows()
    {
        Pair.Array[0, 8].Sample(pairs => { _ = ForwardingRules.Default.Build(pairs, Cam1); }, iter: 5000);
    }

    [Fact]
    public void Build_Output_OnlyUnreservedPercentAmpersandEquals()
    {
        Gen.OneOf(Pair, PrintablePair).Array[0, 8].Sample(pairs =>
        {
            var result = ForwardingRules.Default.Build(pairs, Cam1);
            foreach (var c in result.Query)
            {
                Assert.True(
                    c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.' or '_' or '~' or '%' or '&' or '=',
                    $"'{c}' in {result.Query}");
            }
        }, iter: 5000);
    }

    [Fact]
    public void Build_PrintableValues_RoundTripThroughUnescape()
    {
        PrintablePair.Sample(pair =>
        {
            var result = ForwardingRules.Default.Build([pair], Cam1);
            Assert.True(result.IsAllowed || result.Reason == AccessReason.ControlCharacter);
            if (result.Query.Length > 0)
            {
                var equals = result.Query.IndexOf('=', StringComparison.Ordinal);
                Assert.Equal(pair.Name, Uri.UnescapeDataString(result.Query[..equals]));
                Assert.Equal(pair.Value, Uri.UnescapeDataString(result.Query[(equals + 1)..]));
            }
        }, iter: 3000);
    }
}
