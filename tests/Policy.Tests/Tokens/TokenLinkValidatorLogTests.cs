using System.Text;
using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.Tests.Tokens;

public sealed class TokenLinkValidatorLogTests : IDisposable
{
    private readonly TokenTestKeys _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task ValidateAsync_AcceptedAndRefused_NeverLogsTokenOrSignatureOrAttackerKid()
    {
        var logger = new CapturingLogger();
        var validator = new TokenLinkValidator(_keys.Time, logger);
        var ring = _keys.Ring();
        var good = _keys.Issue(ring);
        var forged = TokenTestKeys.Hs256("""{"alg":"HS256","kid":"../../etc/passwd"}""", TokenTestKeys.Json(_keys.Claims()), new byte[32]);
        var badSignature = good[..^2] + (good[^2] == 'A' ? "BA" : "AA");

        foreach (var token in new[] { good, forged, badSignature })
        {
            await validator.ValidateAsync(new TokenInput(token, TokenTestKeys.Lobby1, TokenTestKeys.Client), ring, CancellationToken.None);
        }

        Assert.Contains(logger.Entries, entry => entry.Id == 2100);
        Assert.Contains(logger.Entries, entry => entry.Id == 2101 && entry.Message.Contains("token_key_unknown", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, entry => entry.Id == 2103);
        foreach (var (_, message) in logger.Entries)
        {
            Assert.DoesNotContain(good.Split('.')[2], message, StringComparison.Ordinal);
            Assert.DoesNotContain(good.Split('.')[1], message, StringComparison.Ordinal);
            Assert.DoesNotContain("passwd", message, StringComparison.Ordinal);
            Assert.DoesNotContain(_keys.HsSecret, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TokenInput_ToString_RedactsToken()
    {
        var input = new TokenInput("eyJhbGciOiJIUzI1NiJ9.e30.c2VjcmV0", new CameraPath("app", "cam1"), TokenTestKeys.Client);

        Assert.DoesNotContain("eyJ", input.ToString(), StringComparison.Ordinal);
        Assert.Contains("app/cam1", input.ToString(), StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : ILogger<TokenLinkValidator>
    {
        public List<(int Id, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var pair in values)
                {
                    text.Append(' ').Append(pair.Value);
                }
            }

            Entries.Add((eventId.Id, text.ToString()));
        }
    }
}
