using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using Workbench.Engine.Generation;
using Workbench.Engine.Model;
using Workbench.Engine.Pretrained;
using Workbench.Engine.Tokens;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.Creativity;

/// <summary>
/// One creativity run: generate the task, train, sample, score. Every random choice comes from the spec's
/// seed (<see cref="SeedPlan"/>), so on the CPU the same spec and thread count give bit-identical losses and
/// samples. Computes on the device <see cref="TorchRuntime.Configure"/> chose.
/// </summary>
public static class CreativityExperiment
{
    /// <summary>Answers are generated this many at a time, which bounds memory whatever EvaluationSamples is.</summary>
    private const int SamplingBatch = 1024;

    /// <param name="pretrained">the spec's <see cref="CreativitySpec.PretrainedModel"/> as the host loaded it; null when it trains from scratch</param>
    /// <exception cref="ArgumentException">the spec is invalid</exception>
    /// <exception cref="OperationCanceledException">cancelled; checked before every training step and sampling batch</exception>
    public static CreativityOutcome Run(CreativitySpec spec, IExperimentObserver observer, CancellationToken cancellationToken, PretrainedModelSource? pretrained = null)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid spec: " + string.Join("; ", errors.Select(error => $"{error.Field} {error.Message}")), nameof(spec));
        if ((spec.PretrainedModel is null) != (pretrained is null))
            throw new ArgumentException(pretrained is null ? "pretrainedModel: the model was not loaded" : "The spec names no pretrained model.", nameof(pretrained));

        var task = CreateTask(spec);
        observer.DatasetGenerated(new DatasetSummary(task.TrainingExamples.Count, task.ValidAnswerCount, ContentHash(task), task.Vocabulary.Count));

        using TrainableLanguageModel model = pretrained is null ? CreateModel(spec, task) : LoadPretrained(spec, task, pretrained, observer);
        var (finalLoss, checkpoints) = Train(spec, task, model, observer, cancellationToken);
        // A fine-tuned model is as big as the pretrained one (500 MB for GPT-2 small): it is not kept. The run records the
        // pretrained model's manifest and every seed, so a replay retrains it and reproduces the metrics.
        if (pretrained is null) observer.ModelTrained(new ModelCheckpoint("model", spec.TrainingSteps, ModelCheckpoint.WeightsOf(model)));
        var (metrics, samples) = Evaluate(spec, task, model, cancellationToken);
        if (spec.EvaluationEvery > 0)
        {
            observer.CheckpointEvaluated(new CheckpointEvaluation(spec.TrainingSteps, metrics.ByName()));
            checkpoints.Add((spec.TrainingSteps, metrics));
        }
        // Train once, decode many: every other setting from the same weights, each with its streams restarted.
        var settings = spec.DecodingSettings.Count == 1 ? []
            : spec.DecodingSettings.Select(setting => setting == spec.MainDecoding
                ? new SettingOutcome(setting, metrics, samples)
                : SettingOutcome.Of(setting, Evaluate(spec, task, model, cancellationToken, setting))).ToList();
        return new CreativityOutcome(metrics, samples, finalLoss, SeedPlan.From(spec.Seed), settings, checkpoints);
    }

    public static ICreativityTask CreateTask(CreativitySpec spec)
    {
        var seed = SeedPlan.From(spec.Seed).Task;
        return spec.Task switch
        {
            CreativityTask.SiblingDiscovery => SiblingDiscovery.Generate(spec.Parents, spec.ChildrenPerParent, spec.TrainingSize, seed, spec.ChildPools),
            CreativityTask.TriangleDiscovery when spec.TriangleGraph == TriangleGraphKind.Planted =>
                TriangleDiscovery.GeneratePlanted(spec.TriangleNodes, spec.TriangleDraws, seed, spec.TriangleFormat),
            CreativityTask.TriangleDiscovery => TriangleDiscovery.Generate(spec.TriangleNodes, spec.EdgeProbability, spec.TrainingSize, seed, spec.TriangleFormat),
            CreativityTask.CircleConstruction => CircleConstruction.Generate(spec.ConstructionNodes, spec.StructureNodes, spec.TrainingSize, seed),
            CreativityTask.LineConstruction => LineConstruction.Generate(spec.ConstructionNodes, spec.StructureNodes, spec.TrainingSize, seed),
            _ => throw new NotSupportedException($"Task {spec.Task} is not implemented."),
        };
    }

    /// <summary>The tokens the spec's model reads: the task's, a mask token if the objective needs one (teacherless
    /// dummies, diffusion's absorbing state), the prefix tokens if seed-conditioned.</summary>
    public static ModelTokens TokensOf(CreativitySpec spec, ICreativityTask task) =>
        new(task.Vocabulary.Count, HasMask: spec.Objective != TrainingObjective.NextToken, PrefixTokens: spec.SeedPrefixLength > 0 ? spec.SeedPrefixVocabulary : 0);

    /// <summary>The spec's transformer, initialised from its seed, on the configured device; bidirectional for diffusion.</summary>
    public static Transformer CreateModel(CreativitySpec spec, ICreativityTask task)
    {
        var longestPrompt = task.TrainingExamples.Max(example => example.Prompt.Length);
        var contextLength = Math.Max(longestPrompt, task.AnswerPrompt.Length) + spec.SeedPrefixLength + task.MaxAnswerLength;
        var shape = new TransformerShape(TokensOf(spec, task).Count, contextLength, spec.Width, spec.Depth, spec.Heads,
            Causal: spec.Objective != TrainingObjective.Diffusion);
        using var initialisation = new Generator((ulong)SeedPlan.From(spec.Seed).Initialisation);
        var model = new Transformer(shape, initialisation);
        model.to(TorchRuntime.Device);
        return model;
    }

    /// <summary>The spec's pretrained model with the task's tokens added (<see cref="PretrainedTaskModel"/>), its new token rows drawn
    /// from the initialisation seed, recorded as <c>pretrainedModel</c>.</summary>
    /// <exception cref="ArgumentException">the model is not a GPT-2</exception>
    public static PretrainedTaskModel LoadPretrained(CreativitySpec spec, ICreativityTask task, PretrainedModelSource source, IExperimentObserver observer)
    {
        var input = spec.Models[0];
        if (input.FamilyProblem(source.Folder.Config) is { } problem) throw new ArgumentException($"{input.Field}: {problem}", nameof(source));
        return PretrainedTaskModel.Load(source, TokensOf(spec, task), task.Vocabulary, SeedPlan.From(spec.Seed).Initialisation, input.Field, observer);
    }

    /// <summary>The spec's objective bound to the model and the task's training sequences.</summary>
    public static ITrainingObjective CreateObjective(CreativitySpec spec, ICreativityTask task, TrainableLanguageModel model)
    {
        var seeds = SeedPlan.From(spec.Seed);
        var tokens = TokensOf(spec, task);
        var prefixes = new SeedPrefixes(spec.SeedPrefixLength, tokens.FirstPrefix, tokens.PrefixTokens, seeds.TrainingPrefixes);
        var (examples, batch, rate, device) = (task.TrainingExamples, spec.BatchSize, spec.LearningRate, TorchRuntime.Device);
        var optimizer = new OptimizerOptions(spec.WeightDecay, spec.WarmupSteps, spec.GradientClip);
        return spec.Objective switch
        {
            TrainingObjective.NextToken => new NextTokenTraining(model, examples, batch, rate, seeds.BatchOrder, device, prefixes, optimizer: optimizer),
            TrainingObjective.Teacherless => new NextTokenTraining(model, HybridExamples(spec, task, prefixes), batch, rate, seeds.BatchOrder, device,
                dummy: tokens.Mask, optimizer: optimizer),
            TrainingObjective.TeacherlessParallel => new NextTokenTraining(model, [.. examples.Select(example => example.AllHidden())], batch, rate,
                seeds.BatchOrder, device, prefixes, tokens.Mask, optimizer),
            TrainingObjective.Diffusion => new DiffusionTraining(OwnModel(model), examples, batch, rate, seeds.BatchOrder, device, tokens.Mask,
                task.MaxAnswerLength, (ulong)seeds.DiffusionNoise, prefixes, spec.DiffusionLoss, optimizer),
            _ => throw new NotSupportedException($"Objective {spec.Objective} is not implemented."),
        };
    }

    /// <summary>Diffusion trains and samples a bidirectional model of our own; the spec refuses a pretrained one.</summary>
    private static Transformer OwnModel(TrainableLanguageModel model) =>
        model as Transformer ?? throw new ArgumentException("Diffusion needs a bidirectional model trained from scratch, not a pretrained one.", nameof(model));

    /// <summary>
    /// The hybrid teacherless training set (<see cref="TeacherlessCopies"/>): the task's sequences with their seed prefixes,
    /// drawn in order as for next-token training, each answer followed by its copies, which share its prefix (the
    /// authors' copies share the answer's hash). Triangle discovery's edge sequences get no copies, as in theirs.
    /// </summary>
    public static IReadOnlyList<TrainingExample> HybridExamples(CreativitySpec spec, ICreativityTask task, SeedPrefixes prefixes) =>
        TeacherlessCopies.Mix(
            [.. task.TrainingExamples.Select(example => (example with { Prompt = prefixes.After(example.Prompt) }, example.Prompt.SequenceEqual(task.AnswerPrompt)))],
            task.TeacherlessLayout, spec.ResolvedTeacherlessCopies, new Random(SeedPlan.From(spec.Seed).TeacherlessCopies));

    /// <summary>
    /// Trains with the spec's objective, reporting every step, and every <see cref="CreativitySpec.EvaluationEvery"/>
    /// steps (before the last) the metrics of an evaluation like the final one.
    /// </summary>
    /// <returns>the loss of the last step, and the evaluations made during training by step</returns>
    public static (double FinalLoss, List<(int Step, CreativityMetrics Metrics)> Checkpoints) Train(
        CreativitySpec spec, ICreativityTask task, TrainableLanguageModel model, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        using var training = CreateObjective(spec, task, model);
        var loss = double.NaN;
        var checkpoints = new List<(int, CreativityMetrics)>();
        for (var step = 1; step <= spec.TrainingSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            loss = training.Step();
            observer.TrainingStepCompleted(new TrainingStep(step, spec.TrainingSteps, loss));
            if (spec.EvaluationEvery > 0 && step % spec.EvaluationEvery == 0 && step < spec.TrainingSteps)
            {
                var metrics = Evaluate(spec, task, model, cancellationToken).Metrics;
                checkpoints.Add((step, metrics));
                observer.CheckpointEvaluated(new CheckpointEvaluation(step, metrics.ByName()));
            }
        }
        return (loss, checkpoints);
    }

    /// <summary>Generates the evaluation answers and scores them. Every evaluation draws the same prefixes and
    /// sampling randomness, so checkpoint evaluations neither disturb the final one nor differ from it by chance, and
    /// every decoding setting sees the same prefixes.</summary>
    /// <param name="setting">how to decode; null: the spec's own temperature and top-k</param>
    public static (CreativityMetrics Metrics, IReadOnlyList<LabelledSample> Samples) Evaluate(
        CreativitySpec spec, ICreativityTask task, TrainableLanguageModel model, CancellationToken cancellationToken, CreativityDecodingSetting? setting = null) =>
        CreativityScorer.Score(task, Generate(spec, task, model, cancellationToken, setting));

    /// <summary>
    /// Generates the spec's evaluation answers (the set T): each from the task's answer prompt and a fresh seed
    /// prefix (or, with a fixed prefix, the first one for every sample), decoded the way the objective trained:
    /// autoregressive with a key-value cache (next-token and hybrid teacherless), in one parallel pass (parallel
    /// teacherless), or by iterative unmasking (diffusion).
    /// </summary>
    public static IReadOnlyList<int[]> Generate(CreativitySpec spec, ICreativityTask task, TrainableLanguageModel model, CancellationToken cancellationToken,
        CreativityDecodingSetting? setting = null)
    {
        setting ??= spec.MainDecoding;
        var seeds = SeedPlan.From(spec.Seed);
        var tokens = TokensOf(spec, task);
        var prefixes = new SeedPrefixes(spec.SeedPrefixLength, tokens.FirstPrefix, tokens.PrefixTokens, seeds.EvaluationPrefixes);
        var fixedPrompt = setting.FixedPrefix ? prefixes.After(task.AnswerPrompt) : null;
        var decoding = new Decoding(setting.Temperature, setting.TopK, WritableTokens: tokens.TaskTokens);
        var diffusionSteps = spec.DiffusionSteps == 0 ? task.MaxAnswerLength
            : spec.DiffusionUnmasking == DiffusionUnmasking.Ancestral ? spec.DiffusionSteps : Math.Min(spec.DiffusionSteps, task.MaxAnswerLength);
        var answers = new List<int[]>(spec.EvaluationSamples);
        using var sampling = new Generator((ulong)seeds.Sampling, TorchRuntime.Device);
        while (answers.Count < spec.EvaluationSamples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Math.Min(SamplingBatch, spec.EvaluationSamples - answers.Count);
            var prompts = Enumerable.Range(0, batch).Select(_ => fixedPrompt ?? prefixes.After(task.AnswerPrompt)).ToList();
            answers.AddRange(spec.Objective switch
            {
                TrainingObjective.NextToken or TrainingObjective.Teacherless =>
                    GenerationEngine.Generate(model, prompts, new GenerationOptions(task.MaxAnswerLength, decoding, [Vocabulary.End]), sampling)
                        .Select(output => output.Tokens),
                TrainingObjective.TeacherlessParallel => TeacherlessSampler.Sample(model, prompts, task.MaxAnswerLength, tokens.Mask, decoding, sampling),
                TrainingObjective.Diffusion => DiffusionSampler.Sample(OwnModel(model), prompts, task.MaxAnswerLength, diffusionSteps, tokens.Mask, decoding, sampling,
                    spec.DiffusionUnmasking),
                _ => throw new NotSupportedException($"Objective {spec.Objective} is not implemented."),
            });
        }
        return answers;
    }

    /// <summary>
    /// SHA-256 (lower-case hex) of the training sequences as text, one per line in training-set order
    /// (e.g. "&lt;bos&gt; c3 c7 p1 &lt;eos&gt;"): equal hashes mean the model saw the same data.
    /// </summary>
    public static string ContentHash(ICreativityTask task)
    {
        var text = string.Join('\n', task.TrainingExamples.Select(example => task.Vocabulary.Decode([.. example.Prompt, .. example.Answer])));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
