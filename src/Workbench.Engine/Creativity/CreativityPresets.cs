using Workbench.Engine.Generation;
using Workbench.Engine.Training;

namespace Workbench.Engine.Creativity;

/// <summary>
/// Starting points for each task (the New-run form's presets): small, which trains in seconds to minutes on a CPU (the
/// defaults), and the paper's size, from the authors' notebooks and training scripts, which needs a GPU worker.
/// </summary>
public static class CreativityPresets
{
    /// <summary>The paper's decoding sweep: temperature 0, 0.5, 1, 2, each without top-k and with top-k 50.</summary>
    public static IReadOnlyList<double> PaperTemperatures { get; } = [0, 0.5, 1, 2];

    public static IReadOnlyList<int> PaperTopKs { get; } = [0, 50];

    /// <summary>The task at the default sizes.</summary>
    public static CreativitySpec Small(CreativityTask task) => new() { Task = task };

    /// <summary>
    /// The task as the authors ran it: GPT-2's shape (width 768, 12 heads; 8 blocks for sibling discovery, 12 for the
    /// others), AdamW at 1e-4 after 2,000 warm-up steps, batch 64, weight decay 0, clipping at 1; their sizes and step
    /// counts (sibling and triangle 800,000, circle and line 40,000; their teacherless runs went to 1.2 M on the first two),
    /// every checkpoint they saved scored; a 10-token seed prefix from 36 tokens (their hash: 10 characters of a–z0–9,
    /// though BPE makes it fewer tokens) decoded greedily as their predictions are, and the paper's temperature × top-k
    /// sweep; diffusion with MDLM's ELBO and 128 ancestral steps (the closest we have to their SEDD).
    /// Departures: their circle, line and triangle models start from pretrained GPT-2 (that setting is
    /// <see cref="PaperFineTuned"/>; this preset trains a GPT-2-shaped model from scratch, as their sibling runs do), and their
    /// GPT-2 ties the input and output embeddings (ours does not).
    /// </summary>
    public static CreativitySpec Paper(CreativityTask task)
    {
        var shared = new CreativitySpec
        {
            Task = task, Width = 768, Heads = 12, Depth = 12, LearningRate = 1e-4, WarmupSteps = 2000, BatchSize = 64, WeightDecay = 0, GradientClip = 1,
            SeedPrefixLength = 10, SeedPrefixVocabulary = 36, Temperature = 0, DecodeTemperatures = PaperTemperatures, DecodeTopKs = PaperTopKs,
            DiffusionLoss = DiffusionLoss.Elbo, DiffusionSteps = 128, DiffusionUnmasking = DiffusionUnmasking.Ancestral, EvaluationSamples = 1024,
        };
        return task switch
        {
            CreativityTask.SiblingDiscovery => shared with
            {
                Depth = 8, Parents = 5, ChildrenPerParent = 1000, ChildPools = 2, TrainingAnswers = 50_000, EvaluationSamples = 3000,
                TrainingSteps = 800_000, EvaluationEvery = 40_000,
            },
            CreativityTask.TriangleDiscovery => shared with
            {
                TriangleGraph = TriangleGraphKind.Planted, TriangleNodes = 999, TriangleDraws = 15_000, TriangleFormat = TriangleAnswerFormat.Edges,
                TrainingSteps = 800_000, EvaluationEvery = 40_000,
            },
            CreativityTask.CircleConstruction => shared with
            {
                ConstructionNodes = 10, StructureNodes = 9, TrainingAnswers = 10_000, TrainingSteps = 40_000, EvaluationEvery = 5000,
            },
            CreativityTask.LineConstruction => shared with
            {
                ConstructionNodes = 10, StructureNodes = 10, TrainingAnswers = 10_000, TrainingSteps = 40_000, EvaluationEvery = 5000,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(task)),
        };
    }

    /// <summary>The model name the fine-tuning presets expect in the models folder: Hugging Face's <c>gpt2</c> (GPT-2 small, 124 M parameters).</summary>
    public const string Gpt2 = "gpt2";

    /// <summary>The tasks the authors fine-tuned pretrained GPT-2 on (their sibling runs start from scratch, <c>--init_weights</c>).</summary>
    public static IReadOnlyList<CreativityTask> FineTunedTasks { get; } =
        [CreativityTask.TriangleDiscovery, CreativityTask.CircleConstruction, CreativityTask.LineConstruction];

    /// <summary>
    /// The paper's GPT-2 setting (their <c>train.sh</c> without <c>--init_weights</c>): <see cref="Paper"/>'s task sizes, schedule
    /// (AdamW at 1e-4 after 2,000 warm-up steps, batch 64, weight decay 0, clipping at 1), step counts and decoding, fine-tuning the
    /// pretrained <c>gpt2</c> of the models folder with the task's tokens added to its tokenizer (<see cref="PretrainedTaskModel"/>).
    /// Departure: their fine-tuning keeps GPT-2's dropout of 0.1; ours has none (so a seeded run repeats exactly).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">a task the authors trained from scratch (sibling discovery)</exception>
    public static CreativitySpec PaperFineTuned(CreativityTask task) =>
        FineTunedTasks.Contains(task) ? Paper(task) with { PretrainedModel = Gpt2 } : throw new ArgumentOutOfRangeException(nameof(task));

    public static IReadOnlyList<SpecPreset> All { get; } =
    [
        .. Enum.GetValues<CreativityTask>().SelectMany(task => new[]
        {
            new SpecPreset($"{Words(task)}: small (CPU, minutes)", "The default sizes: width 64, 2 blocks, 600 steps; seconds on two cores.", Small(task)),
            new SpecPreset($"{Words(task)}: paper (GPU)",
                "The authors' sizes, GPT-2-shaped model and schedule, seed prefix and decoding sweep; days on a CPU (see the README for the time per step).",
                Paper(task)),
        }),
        .. FineTunedTasks.Select(task => new SpecPreset($"{Words(task)}: paper, fine-tuning GPT-2 (GPU)",
            $"The paper's GPT-2 setting: the pretrained \"{Gpt2}\" of the models folder fine-tuned with the task's tokens added, at the authors' " +
            "sizes, schedule, seed prefix and decoding sweep; a GPU worker, days on a CPU.", PaperFineTuned(task))),
    ];

    private static string Words(CreativityTask task) => SpecParameters.Words(task.ToString());
}
