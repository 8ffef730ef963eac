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
    [ExperimentParameter(ParameterGroup.Task, "The open-ended task: find sibling pairs or triangles in a hidden graph, or build circles or lines from edges.")]
    public CreativityTask Task { get; init; } = CreativityTask.SiblingDiscovery;

    [ExperimentParameter(ParameterGroup.Training, "How the model learns the training answers: next-token prediction, teacherless multi-token training, or masked diffusion.")]
    public TrainingObjective Objective { get; init; } = TrainingObjective.NextToken;

    [ExperimentParameter(ParameterGroup.Task, "Parent nodes of the hidden bipartite graph.", Min = 2, Max = 50)]
    [AppliesWhen(nameof(Task), CreativityTask.SiblingDiscovery)]
    public int Parents { get; init; } = 10;

    [ExperimentParameter(ParameterGroup.Task, "Children of each parent; every child has exactly one parent.", Min = 2, Max = 100)]
    [AppliesWhen(nameof(Task), CreativityTask.SiblingDiscovery)]
    public int ChildrenPerParent { get; init; } = 40;

    [ExperimentParameter(ParameterGroup.Task, "Nodes of the hidden undirected graph.", Min = 5, Max = 100)]
    [AppliesWhen(nameof(Task), CreativityTask.TriangleDiscovery)]
    public int TriangleNodes { get; init; } = 24;

    [ExperimentParameter(ParameterGroup.Task, "Chance that two nodes are joined (an Erdős–Rényi graph); the graph must have at least two triangles.", Min = 0.05, Max = 0.95)]
    [AppliesWhen(nameof(Task), CreativityTask.TriangleDiscovery)]
    public double EdgeProbability { get; init; } = 0.4;

    [ExperimentParameter(ParameterGroup.Task, "Node tokens the circles or lines are built from.", Min = 4, Max = 30)]
    [AppliesWhen(nameof(Task), CreativityTask.CircleConstruction, CreativityTask.LineConstruction)]
    public int ConstructionNodes { get; init; } = 8;

    [ExperimentParameter(ParameterGroup.Task, "Nodes in every circle or line (a circle of k nodes has k edges, a line k − 1).", Min = 3, Max = 10, MaxOf = nameof(ConstructionNodes))]
    [AppliesWhen(nameof(Task), CreativityTask.CircleConstruction, CreativityTask.LineConstruction)]
    public int StructureNodes { get; init; } = 4;

    [ExperimentParameter(ParameterGroup.Task, "Share of all valid answers shown in training; the rest are left to discover, and at least one must be.", Min = 0.01, Max = 0.99)]
    public double TrainingFraction { get; init; } = 0.2;

    [ExperimentParameter(ParameterGroup.Training, "Optimisation steps.", Min = 1, Max = 100_000)]
    public int TrainingSteps { get; init; } = 600;

    [ExperimentParameter(ParameterGroup.Training, "Training sequences per step.", Min = 1, Max = 1024)]
    public int BatchSize { get; init; } = 64;

    [ExperimentParameter(ParameterGroup.Model, "Channels of each token's representation; divisible by the heads.", Min = 8, Max = 512)]
    public int Width { get; init; } = 64;

    [ExperimentParameter(ParameterGroup.Model, "Transformer blocks.", Min = 1, Max = 12)]
    public int Depth { get; init; } = 2;

    [ExperimentParameter(ParameterGroup.Model, "Attention heads per block; they divide the width.", Min = 1, Max = 16)]
    public int Heads { get; init; } = 4;

    [ExperimentParameter(ParameterGroup.Training, "AdamW's learning rate, constant throughout.", Min = 0, AboveMin = true, Max = 0.1)]
    public double LearningRate { get; init; } = 1e-3;

    [ExperimentParameter(ParameterGroup.Task, "Seeds every random choice: graph, training set, initial weights, batch order, sampling.", Min = 0, Max = int.MaxValue)]
    public int Seed { get; init; } = 1;

    [ExperimentParameter(ParameterGroup.Evaluation, "Answers generated and scored (the set T).", Min = 1, Max = 20_000)]
    public int EvaluationSamples { get; init; } = 512;

    [ExperimentParameter(ParameterGroup.Decoding, "Sampling temperature; 0 is greedy decoding.", Min = 0, Max = 5)]
    public double Temperature { get; init; } = 1.0;

    [ExperimentParameter(ParameterGroup.Decoding, "Draw only among the k most likely tokens; 0 turns it off, and greedy decoding ignores it.", Label = "Top-k", Min = 0, Max = 1000)]
    public int TopK { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.SeedConditioning,
        "Random prefix tokens after the prompt, fresh for every training sequence and every evaluation sample, never scored; 0 turns seed-conditioning off.",
        Min = 0, Max = 32)]
    public int SeedPrefixLength { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.SeedConditioning, "Reserved prefix tokens the seed prefixes are drawn from.", Min = 2, Max = 1024)]
    [AppliesWhen(nameof(SeedPrefixLength), 0, Not = true)]
    public int SeedPrefixVocabulary { get; init; } = 64;

    [ExperimentParameter(ParameterGroup.Decoding, "Unmasking steps when sampling; 0 means the answer length, one token per step.", Min = 0, Max = 64)]
    [AppliesWhen(nameof(Objective), TrainingObjective.Diffusion)]
    public int DiffusionSteps { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.Evaluation, "Also evaluate (sample and score) every this many training steps, for creativity over training; 0 only at the end.",
        Min = 0, Max = 100_000)]
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

    protected override void CheckRules(SpecChecks errors)
    {
        errors.Check(Heads < 1 || Width % Heads == 0, "heads", $"must divide the width ({Width})");
        if (!errors.HasErrors) CheckTaskSize(errors.Check);
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
