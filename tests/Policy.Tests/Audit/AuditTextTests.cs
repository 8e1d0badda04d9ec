using SecureStream.Policy.Audit;

namespace SecureStream.Policy.Tests.Audit;

public sealed class AuditTextTests
{
    [Fact]
    public void Bound_ShortWellFormed_ReturnsSameInstance()
    {
        const string value = "Mozilla/5.0 {Braces}";

        Assert.Same(value, AuditText.Bound(value, 256));
    }

    [Fact]
    public void Bound_TooLong_CutsToLimitWithMark()
    {
        var result = AuditText.Bound(new string('a', 10_000), 256);

        Assert.Equal(256, result.Length);
        Assert.EndsWith(AuditText.TruncationMark.ToString(), result, StringComparison.Ordinal);
    }

    [Fact]
    public void Bound_CutFallsInsideSurrogatePair_DoesNotSplitIt()
    {
        // 4 letters then emoji pairs: a cut at 6 characters would separate a high from its low surrogate.
        var value = "abcd" + string.Concat(Enumerable.Repeat("\U0001F600", 10));

        var result = AuditText.Bound(value, 7);

        Assert.True(result.Length <= 7);
        Assert.DoesNotContain('\uFFFD', result);
        Assert.False(char.IsHighSurrogate(result[^2]));
    }

    // Lone surrogates cannot travel through attribute metadata (it is UTF-8), hence TheoryData.
    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { "a\ud800b", "a\uFFFDb" },
        { "\udc00", "\uFFFD" },
        { "x\ud83d", "x\uFFFD" },
        { "\udc00\ud800", "\uFFFD\uFFFD" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void Bound_LoneSurrogate_IsReplaced(string value, string expected) =>
        Assert.Equal(expected, AuditText.Bound(value, 256));

    [Theory]
    [InlineData("ok\r\nFAKE", "ok\\u000D\\u000AFAKE")]
    [InlineData("\u001b[31mred", "\\u001B[31mred")]
    [InlineData("nul\0", "nul\\u0000")]
    [InlineData("bidi\u202Eevil", "bidi\\u202Eevil")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("{Braces} stay", "{Braces} stay")]
    public void ForDisplay_ControlAndFormatCharacters_AreSpelledOut(string value, string expected) =>
        Assert.Equal(expected, AuditText.ForDisplay(value));

    [Fact]
    public void BoundEscaped_PlainAscii_CutsAtTheByteBudgetWithMark()
    {
        var result = AuditText.BoundEscaped(new string('a', 10_000), 160);

        Assert.Equal(160 - AuditText.EscapedCharacterBytes + 1, result.Length);
        Assert.EndsWith(AuditText.TruncationMark.ToString(), result, StringComparison.Ordinal);
        Assert.True(EscapedLength(result) <= 160);
    }

    [Theory]
    [InlineData("quotes", "\"")]
    [InlineData("controls", "\u0001")]
    [InlineData("non-ASCII", "\u00e9")]
    [InlineData("emoji", "\U0001F600")]
    [InlineData("html", "<>&+'`")]
    [InlineData("mixed", "a\"\u00e9<b\\")]
    public void BoundEscaped_EscapeHeavyText_StaysWithinTheEscapedBudget(string label, string unit)
    {
        var value = string.Concat(Enumerable.Repeat(unit, 2000));

        var result = AuditText.BoundEscaped(value, 160);

        Assert.True(EscapedLength(result) <= 160, label);
        Assert.True(result.Length < 160 / 2, label);
    }

    [Fact]
    public void BoundEscaped_FitsAlready_ReturnsSameInstance()
    {
        const string value = "Mozilla/5.0 (X11; Linux x86_64) \u00e9";

        Assert.Same(value, AuditText.BoundEscaped(value, 256));
    }

    [Fact]
    public void BoundEscaped_EveryPrintableAsciiCharacter_StaysWithinTheEscapedBudget()
    {
        // The plain-ASCII shortcut must take exactly the characters the encoder writes as one byte.
        for (var c = ' '; c <= '~'; c++)
        {
            var value = new string(c, 100);

            var result = AuditText.BoundEscaped(value, 100);

            Assert.True(EscapedLength(result) <= 100, $"'{c}'");
        }
    }

    [Fact]
    public void BoundEscaped_PlainAsciiAtTheBudget_ReturnsSameInstance_OneMoreIsCut()
    {
        var atBudget = new string('a', 160);
        var over = new string('a', 161);

        Assert.Same(atBudget, AuditText.BoundEscaped(atBudget, 160));
        Assert.EndsWith(AuditText.TruncationMark.ToString(), AuditText.BoundEscaped(over, 160), StringComparison.Ordinal);
    }

    [Fact]
    public void ForDisplay_PlainAscii_ReturnsSameInstance()
    {
        var value = "Mozilla/5.0 (X11; Linux x86_64) {Braces} ~`!" + new string('x', 100);

        Assert.Same(value, AuditText.ForDisplay(value));
    }

    [Fact]
    public void ForDisplay_ControlAfterLongAsciiRun_IsSpelledOut()
    {
        var prefix = new string('a', 70);

        Assert.Equal(prefix + "\\u000A\u00e9" + "z", AuditText.ForDisplay(prefix + "\n\u00e9z"));
    }

    // What the journal's encoder really writes for the value, in bytes.
    private static int EscapedLength(string value) =>
        System.Text.Json.JsonSerializer.Serialize(value).Length - 2;
}
