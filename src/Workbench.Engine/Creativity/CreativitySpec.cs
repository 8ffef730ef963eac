using Workbench.Engine.Generation;
using Workbench.Engine.Pretrained;
using Workbench.Engine.Training;
using System.Text.Json.Serialization;

namespace Workbench.Engine.Creativity;

/// <summary>The open-ended task a creativity experiment trains on (algorithmic-creativity.md, "The four tasks").</summary>
public enum CreativityTask { SiblingDiscovery, TriangleDiscovery, CircleConstruction, LineConstruction }

/// <summary>How the model learns from the training answers (algorithmic-creativity.md, "Training objectives").</summary>
public enum TrainingObjective
{
    /// <summary>Teacher-forced next-token cross-entropy; sampled autoregressively (<see cref="Training.NextTokenTraining"/>).</summary>
    NextToken,
    /// <summary>
    /// The authors' hybrid teacherless training (<c>*/teacherless/*_hybrid.ipynb</c>): every next-token example plus
    /// teacherless copies of the answers that read dummy tokens in place of the answer (<see cref="Training.TeacherlessCopies"/>),
    /// trained together; sampled autoregressively. Runs recorded before the hybrid existed read as <see cref="TeacherlessParallel"/>.
    /// </summary>
    Teacherless,
    /// <summary>Masked (absorbing-state) discrete diffusion with a bidirectional model (<see cref="Training.DiffusionTraining"/>).</summary>
    Diffusion,
    /// <summary>
    /// Purely teacherless: the model only ever reads dummies in place of the answer and writes the whole answer in one
    /// parallel pass (<see cref="Generation.TeacherlessSampler"/>). Without a seed prefix its input is the same for every
    /// answer, so it can learn only each position's marginal: it needs seed-conditioning to write coherent answers.
    /// Kept beside the hybrid to compare (and what "teacherless" meant before the hybrid).
    /// </summary>
    TeacherlessParallel,
}

/// <summary>How triangle discovery's hidden graph and training set are made.</summary>
public enum TriangleGraphKind
{
    /// <summary>Erdős–Rényi G(n, p); a share of its triangles shown, every edge as its own sequences.</summary>
    ErdosRenyi,
    /// <summary>
    /// The authors' planted graph (<c>triangle-discovery/ntp/triangle.ipynb</c>): every vertex joined to about 3 others
    /// (degree at most 1.2 × 3 when chosen), then 6 triangles closed around every vertex; the training set is
    /// <see cref="CreativitySpec.TriangleDraws"/> draws with replacement, a third triangles, two thirds edges.
    /// </summary>
    Planted,
}

/// <summary>How a triangle is written.</summary>
public enum TriangleAnswerFormat
{
    /// <summary>Its three nodes: <c>n4 n1 n9 &lt;eos&gt;</c>.</summary>
    Nodes,
    /// <summary>Its three edges, as the authors write it: <c>n4 n1 &lt;sep&gt; n1 n9 &lt;sep&gt; n9 n4 &lt;eos&gt;</c>; edges as <c>u v &lt;sep&gt; v u</c>.</summary>
    Edges,
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

    [ExperimentParameter(ParameterGroup.Training,
        "How the model learns the training answers: next-token prediction, the authors' hybrid teacherless training (next-token examples " +
        "plus teacherless copies, decoded autoregressively), masked diffusion, or purely parallel teacherless training (one pass; needs a seed prefix).")]
    public TrainingObjective Objective { get; init; } = TrainingObjective.NextToken;

    [ExperimentParameter(ParameterGroup.Task, "Parent nodes of the hidden bipartite graph.", Min = 2, Max = 50)]
    [AppliesWhen(nameof(Task), CreativityTask.SiblingDiscovery)]
    public int Parents { get; init; } = 10;

    [ExperimentParameter(ParameterGroup.Task, "Children of each parent; every child has exactly one parent.", Min = 2, Max = 1000)]
    [AppliesWhen(nameof(Task), CreativityTask.SiblingDiscovery)]
    public int ChildrenPerParent { get; init; } = 40;

    [ExperimentParameter(ParameterGroup.Task,
        "1: an answer is any two distinct children of one parent, in either order; 2: the authors' layout, each parent's children split into two " +
        "disjoint pools (an even number), the first child from the first pool and the second from the second.", Min = 1, Max = 2)]
    [AppliesWhen(nameof(Task), CreativityTask.SiblingDiscovery)]
    public int ChildPools { get; init; } = 1;

    [ExperimentParameter(ParameterGroup.Task, "The hidden graph: Erdős–Rényi, or the authors' planted graph (degree about 3, 6 triangles closed around every vertex) with their sampled training set.")]
    [AppliesWhen(nameof(Task), CreativityTask.TriangleDiscovery)]
    public TriangleGraphKind TriangleGraph { get; init; } = TriangleGraphKind.ErdosRenyi;

    [ExperimentParameter(ParameterGroup.Task, "Nodes of the hidden undirected graph.", Min = 5, Max = 1000)]
    [AppliesWhen(nameof(Task), CreativityTask.TriangleDiscovery)]
    public int TriangleNodes { get; init; } = 24;

    [ExperimentParameter(ParameterGroup.Task, "Chance that two nodes are joined (an Erdős–Rényi graph); the graph must have at least two triangles.", Min = 0.05, Max = 0.95)]
    [AppliesWhen(nameof(Task), CreativityTask.TriangleDiscovery)]
    [AppliesWhen(nameof(TriangleGraph), TriangleGraphKind.ErdosRenyi)]
    public double EdgeProbability { get; init; } = 0.4;

    [ExperimentParameter(ParameterGroup.Task, "Training sequences drawn from the planted graph with replacement: a third triangles, two thirds edges (the authors: 15,000).",
        Min = 10, Max = 1_000_000)]
    [AppliesWhen(nameof(Task), CreativityTask.TriangleDiscovery)]
    [AppliesWhen(nameof(TriangleGraph), TriangleGraphKind.Planted)]
    public int TriangleDraws { get; init; } = 15_000;

    [ExperimentParameter(ParameterGroup.Task, "How a triangle (and an edge sequence) is written: its three nodes, or its three edges as the authors write it.")]
    [AppliesWhen(nameof(Task), CreativityTask.TriangleDiscovery)]
    public TriangleAnswerFormat TriangleFormat { get; init; } = TriangleAnswerFormat.Nodes;

    [ExperimentParameter(ParameterGroup.Task, "Node tokens the circles or lines are built from.", Min = 4, Max = 30)]
    [AppliesWhen(nameof(Task), CreativityTask.CircleConstruction, CreativityTask.LineConstruction)]
    public int ConstructionNodes { get; init; } = 8;

    [ExperimentParameter(ParameterGroup.Task, "Nodes in every circle or line (a circle of k nodes has k edges, a line k − 1).", Min = 3, Max = 10, MaxOf = nameof(ConstructionNodes))]
    [AppliesWhen(nameof(Task), CreativityTask.CircleConstruction, CreativityTask.LineConstruction)]
    public int StructureNodes { get; init; } = 4;

    [ExperimentParameter(ParameterGroup.Task, "Share of all valid answers shown in training; the rest are left to discover, and at least one must be.", Min = 0.01, Max = 0.99)]
    [AppliesWhen(nameof(TrainingAnswers), 0)]
    public double TrainingFraction { get; init; } = 0.2;

    [ExperimentParameter(ParameterGroup.Task, "Training answers shown, as a count (the authors: 50,000 sibling triplets, 10,000 circles or lines); 0: the training fraction decides. " +
        "Not for the planted triangle graph, whose draws say it.", Min = 0, Max = 1_000_000)]
    public int TrainingAnswers { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.Training, "Optimisation steps.", Min = 1, Max = 2_000_000)]
    public int TrainingSteps { get; init; } = 600;

    [ExperimentParameter(ParameterGroup.Training,
        "Teacherless copies of every training answer beside its next-token example; a fractional part is the chance of one more. " +
        "Empty: the authors' mix for the task (sibling 1, as two sequences predicting the second child and the parent; triangle 0.5; circle and line 3).",
        Min = 0, Max = 8)]
    [AppliesWhen(nameof(Objective), TrainingObjective.Teacherless)]
    public double? TeacherlessCopies { get; init; }

    [ExperimentParameter(ParameterGroup.Training, "What masked diffusion minimises: the unweighted cross-entropy of the masked tokens, or MDLM's ELBO (each sequence weighted by 1/t).")]
    [AppliesWhen(nameof(Objective), TrainingObjective.Diffusion)]
    public DiffusionLoss DiffusionLoss { get; init; } = DiffusionLoss.Unweighted;

    [ExperimentParameter(ParameterGroup.Training, "Training sequences per step.", Min = 1, Max = 1024)]
    public int BatchSize { get; init; } = 64;

    [ExperimentParameter(ParameterGroup.Model,
        "Fine-tune this pretrained GPT-2 of the models folder (setting Models__Path), by its name, e.g. gpt2, with the task's tokens added " +
        "to its tokenizer, instead of training a model from scratch; empty: from scratch.", MaxLength = ModelLibrary.MaxNameLength)]
    [AppliesWhen(nameof(Objective), TrainingObjective.NextToken, TrainingObjective.Teacherless, TrainingObjective.TeacherlessParallel)]
    public string? PretrainedModel { get; init; }

    [ExperimentParameter(ParameterGroup.Model, "Channels of each token's representation; divisible by the heads (GPT-2: 768).", Min = 8, Max = 1024)]
    [AppliesWhen(nameof(PretrainedModel), [null])]
    public int Width { get; init; } = 64;

    [ExperimentParameter(ParameterGroup.Model, "Transformer blocks.", Min = 1, Max = 12)]
    [AppliesWhen(nameof(PretrainedModel), [null])]
    public int Depth { get; init; } = 2;

    [ExperimentParameter(ParameterGroup.Model, "Attention heads per block; they divide the width.", Min = 1, Max = 16)]
    [AppliesWhen(nameof(PretrainedModel), [null])]
    public int Heads { get; init; } = 4;

    [ExperimentParameter(ParameterGroup.Training, "AdamW's learning rate, constant after the warm-up.", Min = 0, AboveMin = true, Max = 0.1)]
    public double LearningRate { get; init; } = 1e-3;

    [ExperimentParameter(ParameterGroup.Training, "Steps over which the learning rate rises linearly from 0 (the authors: 2,000); 0: none.", Min = 0, Max = 100_000)]
    public int WarmupSteps { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.Training, "AdamW's weight decay (the authors: 0).", Min = 0, Max = 1)]
    public double WeightDecay { get; init; } = 0.01;

    [ExperimentParameter(ParameterGroup.Training, "Gradients are clipped to this total norm before each update (the authors: 1); 0: no clipping.", Min = 0, Max = 100)]
    public double GradientClip { get; init; } = 0;

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

    [ExperimentParameter(ParameterGroup.Decoding,
        "Unmasking steps when sampling (the authors: 128); 0 means the answer length. With a fixed count, more steps than answer tokens change nothing.",
        Min = 0, Max = 128)]
    [AppliesWhen(nameof(Objective), TrainingObjective.Diffusion)]
    public int DiffusionSteps { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.Decoding,
        "How many masked tokens a sampling step reveals: a fixed count (the answer length over the steps), or each at random with the reverse " +
        "process's chance, several or none per step (MDLM's ancestral sampler, as SEDD's for the absorbing graph).")]
    [AppliesWhen(nameof(Objective), TrainingObjective.Diffusion)]
    public DiffusionUnmasking DiffusionUnmasking { get; init; } = DiffusionUnmasking.FixedCount;

    [ExperimentParameter(ParameterGroup.Decoding,
        "Also decode the trained model at each of these temperatures (with each top-k below) and report every setting's metrics; " +
        "empty: only the temperature and top-k above. The paper's sweep: 0, 0.5, 1, 2 with top-k 0 and 50.",
        Min = 0, Max = 5, MaxCount = 12, Distinct = true)]
    public IReadOnlyList<double>? DecodeTemperatures { get; init => field = ValueList.Of(value); }

    [ExperimentParameter(ParameterGroup.Decoding, "Top-k values of the decoding sweep (0 is off); empty: the top-k above.", Label = "Decode top-k values",
        Min = 0, Max = 1000, MaxCount = 6, Distinct = true)]
    public IReadOnlyList<int>? DecodeTopKs { get; init => field = ValueList.Of(value); }

    [ExperimentParameter(ParameterGroup.Decoding,
        "Also decode every setting with the seed prefix off: every sample reads the same prefix (the first the evaluation draws), " +
        "so only the sampling is random.")]
    [AppliesWhen(nameof(SeedPrefixLength), 0, Not = true)]
    public bool DecodeWithFixedPrefix { get; init; }

    [ExperimentParameter(ParameterGroup.Evaluation, "Also evaluate (sample and score) every this many training steps, for creativity over training; 0 only at the end.",
        Min = 0, Max = 100_000)]
    public int EvaluationEvery { get; init; } = 0;

    [JsonIgnore]
    public override string Title =>
        $"Creativity: {Words(Task.ToString())}, {Words(Objective.ToString())} training" + (PretrainedModel is { } model ? $" of {model}" : "") +
        (SeedPrefixLength > 0 ? ", seed-conditioned" : "");

    /// <summary>The pretrained model to fine-tune, as the input the host resolves (<see cref="PretrainedModel"/>); none from scratch.</summary>
    [JsonIgnore]
    public IReadOnlyList<PretrainedModelInput> Models =>
        PretrainedModel is null ? [] : [new PretrainedModelInput("pretrainedModel", PretrainedModel.Trim(), ArchitectureFamily.Gpt2, Trained: true)];

    /// <summary>"TriangleDiscovery" → "triangle discovery"; "NextToken" → "next-token" (an adjective here).</summary>
    private static string Words(string name) => name switch
    {
        nameof(TrainingObjective.NextToken) => "next-token",
        nameof(TrainingObjective.TeacherlessParallel) => "parallel teacherless",
        _ => string.Concat(name.Select((letter, i) => char.IsUpper(letter) && i > 0 ? " " + char.ToLowerInvariant(letter) : char.ToLowerInvariant(letter).ToString())),
    };

    /// <summary>The spec's own decoding setting: its temperature and top-k, with fresh seed prefixes.</summary>
    [JsonIgnore]
    public CreativityDecodingSetting MainDecoding => new(Temperature, TopK);

    /// <summary>
    /// Every setting the trained model is decoded at: the sweep (<see cref="DecodeTemperatures"/> × <see cref="DecodeTopKs"/>, each
    /// list standing for the spec's own value when empty; then each with a fixed prefix too, if asked), or only the spec's own setting.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<CreativityDecodingSetting> DecodingSettings
    {
        get
        {
            if (DecodeTemperatures is not { Count: > 0 } && DecodeTopKs is not { Count: > 0 }) return [MainDecoding];
            IReadOnlyList<double> temperatures = DecodeTemperatures is { Count: > 0 } ? DecodeTemperatures : [Temperature];
            IReadOnlyList<int> topKs = DecodeTopKs is { Count: > 0 } ? DecodeTopKs : [TopK];
            bool[] fixedPrefix = DecodeWithFixedPrefix && SeedPrefixLength > 0 ? [false, true] : [false];
            return [.. from prefix in fixedPrefix from temperature in temperatures from topK in topKs
                select new CreativityDecodingSetting(temperature, topK, prefix)];
        }
    }

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
                ["teacherlessCopies"] = plan.TeacherlessCopies,
            };
        }
    }

    protected override void CheckRules(SpecChecks errors)
    {
        if (PretrainedModel is not null)
        {
            errors.Check(Objective != TrainingObjective.Diffusion, "pretrainedModel",
                "cannot be used with diffusion training: diffusion trains a bidirectional model of our own from scratch, and a pretrained GPT-2 is causal");
            if (!errors.Failed("pretrainedModel") && ModelLibrary.NameProblem(PretrainedModel) is { } problem) errors.Check(false, "pretrainedModel", problem);
        }
        errors.Check(Heads < 1 || Width % Heads == 0, "heads", $"must divide the width ({Width})");
        errors.Check(ChildPools != 2 || ChildrenPerParent % 2 == 0, "childrenPerParent", "must be even to split into two pools");
        if (!errors.HasErrors) CheckTaskSize(errors.Check);
    }

    /// <summary>Circle and line training sets are drawn by rejection, so they are capped.</summary>
    public const int MaxConstructionTrainingAnswers = 50_000;

    /// <summary>How many valid answers training shows: <see cref="TrainingAnswers"/>, or else <see cref="TrainingFraction"/> of them.</summary>
    [JsonIgnore]
    public TrainingSize TrainingSize => new(TrainingFraction, TrainingAnswers);

    private int TrainingAnswerCount(long valid) => TrainingSize.Of(valid);

    /// <summary>The field that decides how many answers are shown, for error messages.</summary>
    private string ShownField => TrainingAnswers > 0 ? "trainingAnswers" : "trainingFraction";

    /// <summary>The teacherless copies per answer: the spec's, or the authors' mix for the task.</summary>
    [JsonIgnore]
    public double ResolvedTeacherlessCopies => TeacherlessCopies ?? Task switch
    {
        CreativityTask.SiblingDiscovery => 1,
        CreativityTask.TriangleDiscovery => 0.5,
        _ => 3,
    };

    /// <summary>The task must leave answers to discover, and fit in memory.</summary>
    private void CheckTaskSize(Action<bool, string, string> check)
    {
        switch (Task)
        {
            case CreativityTask.SiblingDiscovery:
            {
                var valid = SiblingDiscovery.CountValidAnswers(Parents, ChildrenPerParent, ChildPools);
                check(TrainingAnswerCount(valid) < valid, ShownField, $"shows all {valid} valid answers in training, leaving none to discover");
                break;
            }
            case CreativityTask.TriangleDiscovery when TriangleGraph == TriangleGraphKind.Planted:
            {
                var (valid, shown) = TriangleDiscovery.CountPlanted(TriangleNodes, TriangleDraws, Seed);
                check(shown < valid, "triangleDraws", $"shows all {valid} triangles of the graph in training, leaving none to discover");
                break;
            }
            case CreativityTask.TriangleDiscovery:
            {
                var valid = TriangleDiscovery.CountValidAnswers(TriangleNodes, EdgeProbability, Seed);
                check(valid >= 2, "edgeProbability", $"gives a graph with {valid} triangles for this seed; at least 2 are needed");
                if (valid >= 2)
                    check(TrainingAnswerCount(valid) < valid, ShownField, $"shows all {valid} valid answers in training, leaving none to discover");
                break;
            }
            case CreativityTask.CircleConstruction or CreativityTask.LineConstruction:
            {
                var valid = Task == CreativityTask.CircleConstruction
                    ? CircleConstruction.CountValidAnswers(ConstructionNodes, StructureNodes)
                    : LineConstruction.CountValidAnswers(ConstructionNodes, StructureNodes);
                var shown = TrainingAnswers > 0 ? Math.Min(TrainingAnswers, valid) : Math.Max(1, (long)Math.Round(TrainingFraction * valid));
                check(shown <= MaxConstructionTrainingAnswers, ShownField, $"shows {shown} answers in training; at most {MaxConstructionTrainingAnswers}");
                check(shown < valid, ShownField, $"shows all {valid} valid answers in training, leaving none to discover");
                break;
            }
        }
    }
}
