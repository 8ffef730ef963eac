using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests.BranchingFactor;

public class SyntheticLanguageTests
{
    private static readonly SyntheticLanguageShape Shape = new(Words: 10, Continuations: 5, PreferredContinuations: 2, EndProbability: 0.2, MaxWords: 6);

    [Fact]
    public void Each_word_has_its_continuations_and_the_preferred_subset_keeps_some_of_them()
    {
        var language = SyntheticLanguage.Generate(Shape, seed: 3);
        for (var previous = Vocabulary.Begin; previous < language.Vocabulary.Count; previous++)
        {
            if (previous == Vocabulary.End) continue;
            var broad = language.Broad.Transitions(previous);
            var preferred = language.Preferred.Transitions(previous);
            var wordIds = Enumerable.Range(Vocabulary.End + 1, Shape.Words).ToArray();
            Assert.Equal(Shape.Continuations, wordIds.Count(word => broad[word] > 0));
            Assert.Equal(Shape.PreferredContinuations, wordIds.Count(word => preferred[word] > 0));
            Assert.All(wordIds, word => Assert.True(preferred[word] == 0 || broad[word] > 0, "a preferred continuation must be valid in the broad language"));
            Assert.Equal(previous == Vocabulary.Begin ? 0 : Shape.EndProbability, broad[Vocabulary.End], 12);
            Assert.Equal(broad[Vocabulary.End], preferred[Vocabulary.End], 12);
        }
    }

    [Fact]
    public void Sequences_end_with_the_end_token_within_the_word_limit()
    {
        var language = SyntheticLanguage.Generate(Shape, seed: 3);
        var sequences = language.Sample(language.Broad, 200, new Random(1));
        Assert.All(sequences, sequence => Assert.Equal(Vocabulary.End, sequence[^1]));
        Assert.All(sequences, sequence => Assert.InRange(sequence.Length, 2, Shape.MaxWords + 1));
        Assert.Contains(sequences, sequence => sequence.Length == Shape.MaxWords + 1);
        Assert.All(language.Prompts(20, 3, new Random(2)), prompt =>
        {
            Assert.Equal(Vocabulary.Begin, prompt[0]);
            Assert.Equal(4, prompt.Length);
            Assert.DoesNotContain(Vocabulary.End, prompt);
        });
    }

    [Fact]
    public void The_seed_decides_the_language_and_the_hash_shows_it()
    {
        string Hash(int languageSeed, int sampleSeed)
        {
            var language = SyntheticLanguage.Generate(Shape, languageSeed);
            return language.ContentHash(language.Sample(language.Broad, 50, new Random(sampleSeed)));
        }
        Assert.Equal(Hash(3, 1), Hash(3, 1));
        Assert.NotEqual(Hash(3, 1), Hash(4, 1));
        Assert.NotEqual(Hash(3, 1), Hash(3, 2));
        Assert.Matches("^[0-9a-f]{64}$", Hash(3, 1));
    }

    [Fact]
    public void The_preferred_subset_has_a_lower_exact_BF_than_the_broad_language()
    {
        var language = SyntheticLanguage.Generate(Shape with { MaxWords = 4 }, seed: 3);
        int[] prompt = [Vocabulary.Begin, Vocabulary.End + 1];
        var broad = ExactBranchingFactor.Compute(language.Broad, prompt, DecodingSettings.Plain, 4);
        var preferred = ExactBranchingFactor.Compute(language.Preferred, prompt, DecodingSettings.Plain, 4);
        Assert.True(preferred.BranchingFactor < broad.BranchingFactor / 1.5, $"preferred {preferred.BranchingFactor:F2}, broad {broad.BranchingFactor:F2}");
    }
}
