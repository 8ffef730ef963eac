using Workbench.Engine.Pretrained;

namespace Workbench.Engine.RealModels;

/// <summary>The prompts a run on pretrained models reads, as text: its own, or drawn from a built-in set by its prompts seed.</summary>
public static class PromptSets
{
    /// <summary>Openings of short stories, written for the workbench (no dataset, nothing downloaded): open-ended prompts
    /// a base model can continue in many ways.</summary>
    public static IReadOnlyList<string> StoryOpenings { get; } =
    [
        "The lighthouse keeper found the letter on the last day of autumn.",
        "Nobody in the village had ever seen the river run backwards, until that Tuesday.",
        "My grandmother kept a jar of buttons, and each one, she said, had a story.",
        "The train stopped in the middle of the desert, and the conductor began to sing.",
        "When the power went out across the city, the first thing I heard was laughter.",
        "She opened the old piano and found a map folded between the strings.",
        "The robot had been built to sweep floors, but it wanted to paint.",
        "Every night at midnight, the bakery on Elm Street lit a single candle.",
        "The last bookshop on the island had one customer left, and he never bought anything.",
        "It rained for forty days, and on the forty-first a stranger arrived with a dry umbrella.",
        "The detective knew the case was strange when the parrot asked for a lawyer.",
        "Our ship had been drifting for a week when we saw the lights beneath the water.",
        "The twins had agreed never to speak of the summer at the lake.",
        "At the edge of the map, where the mountains ended, there was a door.",
        "The message arrived from a phone number that had been disconnected for ten years.",
        "On the morning of the festival, the town clock struck thirteen.",
    ];

    /// <summary>The run's prompts: its own, or <see cref="PretrainedPromptSpec.PromptCount"/> drawn from the built-in set.</summary>
    /// <param name="tokenizer">the vocabulary random strings are drawn from</param>
    public static IReadOnlyList<string> For(PretrainedPromptSpec spec, PretrainedTokenizer tokenizer)
    {
        var random = new Random(spec.SeedOf(SeedStream.Prompts));
        return spec.PromptSet switch
        {
            PromptSet.Custom => spec.Prompts!,
            PromptSet.RandomStrings => RandomStrings(tokenizer, spec.PromptCount, spec.RandomStringMinTokens, spec.RandomStringMaxTokens, random),
            _ => StoriesFor(spec.PromptCount, random),
        };
    }

    /// <summary>
    /// As the reference code's random-string task draws them: each string a length uniform in [min, max], then that many
    /// entries of the vocabulary chosen uniformly, joined by spaces. Special tokens and tokens that are only white space
    /// or part of a character are left out.
    /// </summary>
    public static IReadOnlyList<string> RandomStrings(PretrainedTokenizer tokenizer, int count, int minTokens, int maxTokens, Random random)
    {
        var candidates = Enumerable.Range(0, tokenizer.Count)
            .Where(id => !tokenizer.IsSpecial(id))
            .Select(tokenizer.TokenText)
            .Select(text => text.Trim())
            .Where(text => text.Length > 0 && !text.Contains('\uFFFD'))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (candidates.Length == 0) throw new ArgumentException("The tokenizer has no ordinary tokens to draw random strings from.");
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var length = random.Next(minTokens, maxTokens + 1);
            return string.Join(' ', Enumerable.Range(0, length).Select(_ => candidates[random.Next(candidates.Length)]));
        })];
    }

    /// <summary>The first <paramref name="count"/> openings of a shuffled copy of the set, then again in a new order while more are asked for.</summary>
    private static List<string> StoriesFor(int count, Random random)
    {
        var prompts = new List<string>();
        while (prompts.Count < count)
        {
            var round = StoryOpenings.ToArray();
            random.Shuffle(round);
            prompts.AddRange(round.Take(count - prompts.Count));
        }
        return prompts;
    }
}
