namespace Workbench.Engine.Creativity;

/// <summary>
/// Scores a set T of generated answers exactly (algorithmic-creativity.md, "Scoring"), using the task's
/// checker for coherence, memorization and equivalence; and beside that as the authors' <c>*/ntp/eval_qa.py</c>
/// scores them (<see cref="ReferenceMetrics"/>).
/// </summary>
public static class CreativityScorer
{
    /// <param name="answers">T, in the order generated; each answer's tokens up to and including the end token</param>
    /// <returns>the metrics, and every answer labelled in the same order</returns>
    public static (CreativityMetrics Metrics, IReadOnlyList<LabelledSample> Samples) Score(ICreativityTask task, IReadOnlyList<int[]> answers)
    {
        if (answers.Count == 0) throw new ArgumentException("There is nothing to score.", nameof(answers));
        var classesSeen = new HashSet<string>();
        var novelCoherentClasses = new HashSet<string>();
        var samples = new List<LabelledSample>(answers.Count);
        int coherent = 0, memorized = 0;
        var referenceValid = 0;
        var referenceSeen = 0;
        var referenceNovel = new HashSet<string>();
        var referenceDiverse = new HashSet<string>();
        foreach (var answer in answers)
        {
            var judgement = task.Judge(answer);
            var duplicate = !classesSeen.Add(judgement.EquivalenceKey);
            if (judgement.Coherent) coherent++;
            if (judgement.Memorized) memorized++;
            if (judgement.Coherent && !judgement.Memorized) novelCoherentClasses.Add(judgement.EquivalenceKey);
            var text = task.Vocabulary.Decode(answer);
            samples.Add(new LabelledSample(text, judgement.Coherent, judgement.Memorized, duplicate));

            var reference = task.JudgeAsReference(answer);
            if (reference.Valid) referenceValid++;
            if (reference.Seen) referenceSeen++;
            if (reference.Valid) referenceDiverse.Add(text);
            if (reference.Valid && !reference.Seen) referenceNovel.Add(text);
        }
        double generated = answers.Count;
        var metrics = new CreativityMetrics(
            Generated: answers.Count,
            CreativityScore: novelCoherentClasses.Count / generated,
            MemorizationRate: memorized / generated,
            CoherenceRate: coherent / generated,
            UniquenessRate: classesSeen.Count / generated,
            Reference: new ReferenceMetrics(
                Creativity: referenceNovel.Count / generated,
                Memorization: referenceSeen / generated,
                Coherence: referenceValid / generated,
                Diversity: referenceDiverse.Count / generated));
        return (metrics, samples);
    }
}
