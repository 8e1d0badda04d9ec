using SecureStream.Fuzzing;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Fuzzing;

/// <summary>
/// Replays the kept fuzzing corpus (seeds and every crasher ever found) through the same targets
/// the SharpFuzz harness drives, so the ordinary test run keeps them fixed.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> Corpus()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(RepositoryRoot.Find(), "fuzz", "corpus");
        foreach (var target in FuzzTargets.All.Keys)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, target)).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Replay_CorpusInput_DoesNotThrow(string target, string file)
    {
        var input = File.ReadAllBytes(Path.Combine(RepositoryRoot.Find(), "fuzz", "corpus", target, file));
        var exception = Record.Exception(() => FuzzTargets.All[target](input));
        Assert.Null(exception);
    }

    [Fact]
    public void Corpus_EveryTargetHasSeeds()
    {
        foreach (var target in FuzzTargets.All.Keys)
        {
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Find(), "fuzz", "corpus", target)));
        }
    }
}
