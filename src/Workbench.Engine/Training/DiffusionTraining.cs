using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Training;

/// <summary>
/// Masked (absorbing-state) discrete diffusion over the answer. Every answer is written on a canvas of
/// <c>answerLength</c> tokens (the answer, then padding, which the model must also learn to write). For
/// each sequence a noise level t ~ U(0, 1) is drawn and every canvas token is replaced by the mask token
/// with probability t (the token with the lowest draw always, so no sequence is left clean). A bidirectional
/// model reads prompt, seed prefix and corrupted canvas and predicts each masked token at its own position.
/// <para>Two losses (<see cref="DiffusionLoss"/>): the plain mean cross-entropy over the masked tokens of the batch (the
/// "simplified" masked-diffusion loss, as in MaskGIT; the default, because at this scale the weight's variance slows
/// training), or MDLM's continuous-time ELBO for this linear schedule (masking probability t): each sequence's masked
/// cross-entropies weighted by 1/t, summed and divided by the batch's canvas tokens, with t drawn from [0.001, 1) as SEDD
/// draws it so that the weight stays finite. Neither is the authors' SEDD (score entropy weighted by dσ over a log-linear
/// schedule); for the absorbing graph their objectives share the ELBO's minimiser and its 1/t-like weighting.</para>
/// Prompts within a batch must have equal length (every task's prompts do). Randomness: the batch order
/// and prefixes from <see cref="TrainingBatches"/>, the noise from a seeded torch generator.
/// </summary>
public sealed class DiffusionTraining : ITrainingObjective
{
    /// <summary>The lowest noise level the ELBO loss draws (SEDD's <c>sampling_eps</c>): its weight 1/t stays at most 1000.</summary>
    public const double LowestElboLevel = 1e-3;

    private readonly Transformer model;
    private readonly TrainingBatches batches;
    private readonly int mask;
    private readonly int answerLength;
    private readonly Device device;
    private readonly Generator noise;
    private readonly DiffusionLoss lossKind;
    private readonly Optimisation optimisation;

    /// <param name="model">a bidirectional model (<see cref="TransformerShape.Causal"/> false)</param>
    /// <param name="answerLength">the canvas: at least the longest answer</param>
    /// <param name="mask">the absorbing-state token (<see cref="ModelTokens.Mask"/>)</param>
    /// <param name="seed">seeds the batch order</param>
    /// <param name="noiseSeed">seeds the noise levels and masked positions</param>
    public DiffusionTraining(Transformer model, IReadOnlyList<TrainingExample> examples, int batchSize, double learningRate, int seed, Device device,
        int mask, int answerLength, ulong noiseSeed, SeedPrefixes? prefixes = null, DiffusionLoss loss = DiffusionLoss.Unweighted,
        OptimizerOptions? optimizer = null)
    {
        if (model.Shape.Causal) throw new ArgumentException("Diffusion needs a bidirectional model.", nameof(model));
        if (examples.Any(example => example.Answer.Length > answerLength))
            throw new ArgumentException($"An answer is longer than the canvas of {answerLength} tokens.", nameof(answerLength));
        if (examples.Select(example => example.Prompt.Length).Distinct().Count() != 1)
            throw new ArgumentException("Diffusion needs every prompt to have the same length.", nameof(examples));
        batches = new TrainingBatches(examples, batchSize, seed, prefixes ?? SeedPrefixes.None);
        NextTokenTraining.CheckContext(model, examples[0].Prompt.Length + (prefixes?.Length ?? 0) + answerLength);
        this.model = model;
        this.mask = mask;
        this.answerLength = answerLength;
        this.device = device;
        noise = new Generator(noiseSeed, device);
        lossKind = loss;
        optimisation = new Optimisation(model, learningRate, optimizer);
    }

    /// <returns>before the update: the batch's mean cross-entropy over masked tokens (nats per masked token), or with the
    /// ELBO loss the negative ELBO per canvas token</returns>
    public double Step()
    {
        using var scope = NewDisposeScope();
        model.train();
        var batch = batches.Next();
        var promptLength = batch[0].Prompt.Length;
        var (prompts, canvas) = Canvas(batch);                                        // (batch, promptLength), (batch, answerLength)
        var draws = rand(batch.Length, answerLength, generator: noise, device: device); // (batch, answerLength)
        var level = rand(batch.Length, 1, generator: noise, device: device);          // (batch, 1) t
        if (lossKind == DiffusionLoss.Elbo) level = level * (1 - LowestElboLevel) + LowestElboLevel;
        var masked = draws.lt(level).logical_or(draws.eq(draws.min(1, keepdim: true).values)); // (batch, answerLength)
        var corrupted = canvas.masked_fill(masked, mask);
        var logits = model.call(cat([prompts, corrupted], 1))
            .slice(1, promptLength, promptLength + answerLength, 1);                  // (batch, answerLength, vocabulary)
        var targets = canvas.masked_fill(masked.logical_not(), NextTokenTraining.NotScored);
        var loss = lossKind == DiffusionLoss.Elbo
            ? ElboLoss(logits, targets, level)
            : nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index: NextTokenTraining.NotScored);
        optimisation.Minimise(loss);
        return loss.item<float>();
    }

    /// <summary>Σ over sequences of (1/t) Σ over masked tokens of −log p(token), divided by batch × canvas tokens.</summary>
    /// <param name="logits">(batch, answerLength, vocabulary)</param>
    /// <param name="targets">(batch, answerLength): the clean token where masked, else NotScored</param>
    /// <param name="level">(batch, 1) each sequence's noise level t</param>
    private static Tensor ElboLoss(Tensor logits, Tensor targets, Tensor level)
    {
        var perToken = nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index: NextTokenTraining.NotScored,
            reduction: nn.Reduction.None).view(targets.shape);                        // (batch, answerLength), 0 where not masked
        return (perToken / level).sum() / targets.numel();
    }

    /// <returns>the prompts (with prefixes), and each answer padded to the canvas</returns>
    private (Tensor Prompts, Tensor Canvas) Canvas(TrainingExample[] batch)
    {
        var promptLength = batch[0].Prompt.Length;
        var prompts = new long[batch.Length, promptLength];
        var canvas = new long[batch.Length, answerLength];
        for (var row = 0; row < batch.Length; row++)
        {
            for (var t = 0; t < promptLength; t++) prompts[row, t] = batch[row].Prompt[t];
            for (var t = 0; t < answerLength; t++) canvas[row, t] = t < batch[row].Answer.Length ? batch[row].Answer[t] : Vocabulary.Pad;
        }
        return (tensor(prompts, device: device), tensor(canvas, device: device));
    }

    public void Dispose()
    {
        optimisation.Dispose();
        noise.Dispose();
    }
}

/// <summary>What masked-diffusion training minimises (<see cref="DiffusionTraining"/>).</summary>
public enum DiffusionLoss
{
    /// <summary>The mean cross-entropy over masked tokens, unweighted (MaskGIT's simplified loss).</summary>
    Unweighted,
    /// <summary>MDLM's ELBO: each sequence's masked cross-entropies weighted by 1/t.</summary>
    Elbo,
}
