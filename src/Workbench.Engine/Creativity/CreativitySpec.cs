using System.Globalization;
using System.Text.Json.Serialization;

namespace Workbench.Engine.Creativity;

/// <summary>The open-ended task a creativity experiment trains on (algorithmic-creativity.md, "The four tasks").</summary>
public enum CreativityTask { SiblingDiscovery, TriangleDiscovery, CircleConstruction, LineConstruction }

/// <summary>How the model learns from the training answers (algorithmic-creativity.md, "Training objectives").</summary>
public enum TrainingObjective
{
    /// <summary>Teacher-forced next-token cross-entropy; sampled autoregressively (<see cref="Training.NextTokenTraining"/>).</summary>
    NextToken,
    /// <summary>All answer tokens at once from placeholders (<see cref="Training.TeacherlessTraining"/>).</summary>
    Teacherless,
    /// <summary>Masked (absorbing-state) discrete diffusion with a bidirectional model (<see cref="Training.DiffusionTraining"/>).</summary>
    Diffusion,
}

/// <summary>
/// An algorithmic-creativity experiment (algorithmic-creativity.md): generate a task's hidden structure and
/// training set from <see cref="Seed"/>, train a small decoder-only transformer, sample
/// <see cref="EvaluationSamples"/> answers and score them. The defaults (sibling discovery, next-token
/// training) run in a few seconds on 2 CPU cores and stop training where the model is mostly coherent yet
/// both memorizing and discovering (seed 1: creativity 0.25, memorization 0.58, coherence 0.83); training
/// longer trades creativity for memorization. Each task reads only its own size fields.
/// <para>Randomness: <see cref="Seed"/> seeds the task, the initial weights, the batch order and sampling
/// directly (as before seed-conditioning existed), and the other streams through <see cref="SeedPlan"/>.</para>
/// </summary>
public sealed record CreativitySpec : ExperimentSpec
{
    public const string Kind = "creativity";

    /// <summary>The task.</summary>
    public CreativityTask Task { get; init; } = CreativityTask.SiblingDiscovery;

    /// <summary>The training objective.</summary>
    public TrainingObjective Objective { get; init; } = TrainingObjective.NextToken;

    /// <summary>Parent nodes of the hidden bipartite graph: 2 to 50.</summary>
    public int Parents { get; init; } = 10;

    /// <summary>Children of each parent (every child has exactly one parent): 2 to 100.</summary>
    public int ChildrenPerParent { get; init; } = 40;

    /// <summary>Triangle discovery: nodes of the hidden undirected graph: 5 to 100.</summary>
    public int TriangleNodes { get; init; } = 24;

    /// <summary>
    /// Triangle discovery: probability that two nodes are joined (an Erdős–Rényi graph): 0.05 to 0.95;
    /// the graph must have at least two triangles.
    /// </summary>
    public double EdgeProbability { get; init; } = 0.4;

    /// <summary>Circle and line construction: node tokens to build with: 4 to 30.</summary>
    public int ConstructionNodes { get; init; } = 8;

    /// <summary>
    /// Circle and line construction: nodes in every circle or line (a circle of k nodes has k edges, a line
    /// k − 1): 3 to 10, at most <see cref="ConstructionNodes"/>.
    /// </summary>
    public int StructureNodes { get; init; } = 4;

    /// <summary>
    /// Share of all valid answers shown in training; the rest are left to discover: 0.01 to 0.99, and it
    /// must leave at least one valid answer out.
    /// </summary>
    public double TrainingFraction { get; init; } = 0.2;

    /// <summary>Optimisation steps: 1 to 100000.</summary>
    public int TrainingSteps { get; init; } = 600;

    /// <summary>Training sequences per step: 1 to 1024.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Channels of each token's representation: 8 to 512, divisible by <see cref="Heads"/>.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Transformer blocks: 1 to 12.</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Attention heads per block: 1 to 16, dividing <see cref="Width"/>.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>AdamW's learning rate, constant throughout: above 0, at most 0.1.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seeds every random choice (graph, training set, initial weights, batch order, sampling): 0 to 2147483647.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Answers generated and scored (the set T): 1 to 20000.</summary>
    public int EvaluationSamples { get; init; } = 512;

    /// <summary>Sampling temperature: 0 (greedy) to 5.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Draw only among the k most likely tokens: 0 (off) to 1000; greedy decoding ignores it.</summary>
    public int TopK { get; init; } = 0;

    /// <summary>
    /// Seed-conditioning: random prefix tokens after the prompt, fresh for every training sequence and every
    /// evaluation sample, never scored: 0 (off) to 32.
    /// </summary>
    public int SeedPrefixLength { get; init; } = 0;

    /// <summary>Seed-conditioning: reserved prefix tokens the prefixes are drawn from: 2 to 1024.</summary>
    public int SeedPrefixVocabulary { get; init; } = 64;

    /// <summary>
    /// Diffusion: unmasking steps when sampling, 1 to the answer length; 0 (the default) means the answer
    /// length, one token per step: 0 to 64.
    /// </summary>
    public int DiffusionSteps { get; init; } = 0;

    /// <summary>
    /// Evaluate (sample and score) every this many training steps as well as at the end, for creativity
    /// over training: 0 (only at the end) to 100000.
    /// </summary>
    public int EvaluationEvery { get; init; } = 0;

    [JsonIgnore]
    public override string Title =>
        $"Creativity: {Words(Task.ToString())}, {Words(Objective.ToString())} training" + (SeedPrefixLength > 0 ? ", seed-conditioned" : "");

    /// <summary>"TriangleDiscovery" → "triangle discovery"; "NextToken" → "next-token" (an adjective here).</summary>
    private static string Words(string name) => name == nameof(TrainingObjective.NextToken) ? "next-token"
        : string.Concat(name.Select((letter, i) => char.IsUpper(letter) && i > 0 ? " " + char.ToLowerInvariant(letter) : char.ToLowerInvariant(letter).ToString()));

    /// <summary>Every random stream's seed (<see cref="SeedPlan"/>), by purpose.</summary>
    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds
    {
        get
        {
            var plan = SeedPlan.From(Seed);
            return new Dictionary<string, long>
            {
                ["data"] = plan.Task, ["initialisation"] = plan.Initialisation, ["batchOrder"] = plan.BatchOrder, ["sampling"] = plan.Sampling,
                ["trainingPrefixes"] = plan.TrainingPrefixes, ["evaluationPrefixes"] = plan.EvaluationPrefixes, ["diffusionNoise"] = plan.DiffusionNoise,
            };
        }
    }

    public override IReadOnlyList<SpecError> Validate()
    {
        var errors = new List<SpecError>();
        void Check(bool valid, string field, string message)
        {
            if (!valid) errors.Add(new SpecError(field, message));
        }
        void CheckRange(double value, double min, double max, string field) =>
            Check(value >= min && value <= max, field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));

        Check(Enum.IsDefined(Task), "task", "must be one of: " + string.Join(", ", Enum.GetNames<CreativityTask>()));
        Check(Enum.IsDefined(Objective), "objective", "must be one of: " + string.Join(", ", Enum.GetNames<TrainingObjective>()));
        CheckRange(Parents, 2, 50, "parents");
        CheckRange(ChildrenPerParent, 2, 100, "childrenPerParent");
        CheckRange(TriangleNodes, 5, 100, "triangleNodes");
        CheckRange(EdgeProbability, 0.05, 0.95, "edgeProbability");
        CheckRange(ConstructionNodes, 4, 30, "constructionNodes");
        CheckRange(StructureNodes, 3, 10, "structureNodes");
        Check(StructureNodes <= ConstructionNodes, "structureNodes", $"must be at most constructionNodes ({ConstructionNodes})");
        CheckRange(TrainingFraction, 0.01, 0.99, "trainingFraction");
        CheckRange(Seed, 0, int.MaxValue, "seed");
        if (errors.Count == 0) CheckTaskSize(Check);
        CheckRange(TrainingSteps, 1, 100_000, "trainingSteps");
        CheckRange(BatchSize, 1, 1024, "batchSize");
        CheckRange(Width, 8, 512, "width");
        CheckRange(Depth, 1, 12, "depth");
        CheckRange(Heads, 1, 16, "heads");
        Check(Heads < 1 || Width % Heads == 0, "heads", $"must divide the width ({Width})");
        Check(LearningRate is > 0 and <= 0.1, "learningRate", "must be above 0 and at most 0.1");
        CheckRange(EvaluationSamples, 1, 20_000, "evaluationSamples");
        CheckRange(Temperature, 0, 5, "temperature");
        CheckRange(TopK, 0, 1000, "topK");
        CheckRange(SeedPrefixLength, 0, 32, "seedPrefixLength");
        CheckRange(SeedPrefixVocabulary, 2, 1024, "seedPrefixVocabulary");
        CheckRange(DiffusionSteps, 0, 64, "diffusionSteps");
        CheckRange(EvaluationEvery, 0, 100_000, "evaluationEvery");
        return errors;
    }

    /// <summary>Circle and line training sets are drawn by rejection, so they are capped.</summary>
    public const int MaxConstructionTrainingAnswers = 50_000;

    /// <summary>The task must leave answers to discover, and fit in memory.</summary>
    private void CheckTaskSize(Action<bool, string, string> check)
    {
        switch (Task)
        {
            case CreativityTask.SiblingDiscovery:
            {
                var valid = SiblingDiscovery.CountValidAnswers(Parents, ChildrenPerParent);
                check(SiblingDiscovery.TrainingAnswerCount(valid, TrainingFraction) < valid, "trainingFraction",
                    $"shows all {valid} valid answers in training, leaving none to discover");
                break;
            }
            case CreativityTask.TriangleDiscovery:
            {
                var valid = TriangleDiscovery.CountValidAnswers(TriangleNodes, EdgeProbability, Seed);
                check(valid >= 2, "edgeProbability", $"gives a graph with {valid} triangles for this seed; at least 2 are needed");
                if (valid >= 2)
                    check(SiblingDiscovery.TrainingAnswerCount(valid, TrainingFraction) < valid, "trainingFraction",
                        $"shows all {valid} valid answers in training, leaving none to discover");
                break;
            }
            case CreativityTask.CircleConstruction or CreativityTask.LineConstruction:
            {
                var valid = Task == CreativityTask.CircleConstruction
                    ? CircleConstruction.CountValidAnswers(ConstructionNodes, StructureNodes)
                    : LineConstruction.CountValidAnswers(ConstructionNodes, StructureNodes);
                var shown = Math.Max(1, Math.Round(TrainingFraction * valid));
                check(shown <= MaxConstructionTrainingAnswers, "trainingFraction",
                    $"shows {shown} answers in training; at most {MaxConstructionTrainingAnswers}");
                check(shown < valid, "trainingFraction", $"shows all {valid} valid answers in training, leaving none to discover");
                break;
            }
        }
    }
}
