using Workbench.Engine.Generation;
using Workbench.Engine.Model;
using Workbench.Engine.Pretrained;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Creativity;

/// <summary>
/// A pretrained GPT-2 fine-tuned on a creativity task as the authors' code prepares it (simpletransformers' <c>Seq2SeqModel</c>
/// with <c>--add_tokens</c>): every token of the task — node names, markers, <c>&lt;bos&gt;</c>/<c>&lt;eos&gt;</c>/<c>&lt;pad&gt;</c>
/// and the seed-prefix tokens — is added to the model's tokenizer as a new token (<see cref="AddedTokens"/>), the token
/// embedding and the tied head grow as <c>resize_token_embeddings(len(tokenizer), pad_to_multiple_of=8)</c> makes them
/// (<see cref="AddedTokenRows"/>, the new rows drawn from the run's <c>initialisation</c> seed), and the teacherless dummy
/// is the tokenizer's end-of-text token (their <c>&lt;|endoftext|&gt;</c>). Weights, cache and activations are float32 on
/// every device: the objectives train in float32 (the authors trained in fp16 mixed precision on a GPU).
/// <para>The model speaks the task's ids (<see cref="ModelTokens"/>), so that the objectives, the generation engine and the
/// scorer are the ones every creativity run uses: id <c>i</c> is read as the model's token <c>order[i]</c>, and the logits
/// come back in the same order — the task's tokens first, then every other token of the model's vocabulary, so that the
/// cross-entropy is over the whole vocabulary as in the authors' training. Decoding writes only the task's tokens
/// (<see cref="Decoding.WritableTokens"/>), as every creativity run does; the authors' decoding could write any token, which
/// their checker then calls invalid.</para>
/// </summary>
public sealed class PretrainedTaskModel : TrainableLanguageModel
{
    /// <summary>Hugging Face's <c>pad_to_multiple_of</c> in the authors' <c>resize_token_embeddings</c> call.</summary>
    public const int RowMultiple = 8;

    private readonly PretrainedModel model;
    private readonly Tensor order; // (rows) int64: the model's token id of each of this model's ids

    private PretrainedTaskModel(PretrainedModel model, long[] order) : base(nameof(PretrainedTaskModel))
    {
        this.model = model;
        this.order = tensor(order, device: model.Device);
        register_module("model", model);
        foreach (var parameter in model.parameters()) parameter.requires_grad = true; // loaded for inference, without
    }

    /// <summary>The model's token id of each task id, in <see cref="ModelTokens"/> order.</summary>
    public IReadOnlyList<int> ModelIds { get; private init; } = [];

    public override int VocabularySize => model.VocabularySize;

    public override int ContextLength => model.ContextLength;

    public override Device Device => model.Device;

    /// <summary>
    /// The new token for each of the task's ids but the mask: the task's names in angle brackets, like the authors' <c>&lt;a_3&gt;</c>
    /// (<c>p3</c> → <c>&lt;p3&gt;</c>, <c>edge</c> → <c>&lt;edge&gt;</c>; <c>&lt;bos&gt;</c> and <c>&lt;sep&gt;</c> as they are), so that no
    /// name can be a word the vocabulary already has, then the seed-prefix tokens <c>&lt;s0&gt;</c> …
    /// </summary>
    public static IReadOnlyList<string> AddedTokens(ModelTokens tokens, Vocabulary task) =>
        [.. Enumerable.Range(0, tokens.Count).Where(id => !tokens.HasMask || id != tokens.Mask).Select(id => Bracketed(tokens.NameOf(task, id)))];

    /// <summary>
    /// Loads the source for the task: its tokenizer extended by <see cref="AddedTokens"/>, its weights in float32 with the new
    /// rows, recorded with the observer as <paramref name="role"/>.
    /// </summary>
    /// <param name="seed">draws the new rows (<see cref="AddedTokenRows"/>)</param>
    /// <exception cref="ModelLoadException">the weights or tokenizer cannot be read, or the tokenizer has no end-of-text token for the dummy</exception>
    public static PretrainedTaskModel Load(PretrainedModelSource source, ModelTokens tokens, Vocabulary task, long seed, string role, IExperimentObserver observer)
    {
        using var tokenizer = source.Folder.LoadTokenizer();
        using var extended = tokenizer.WithAddedTokens(AddedTokens(tokens, task));
        var ids = new int[tokens.Count];
        for (var id = 0; id < tokens.Count; id++)
            ids[id] = tokens.HasMask && id == tokens.Mask
                ? tokenizer.EosTokenId ?? throw new ModelLoadException($"{source.Name}'s tokenizer has no end-of-text token to stand in for the answer in teacherless copies.")
                : extended.IdOf(Bracketed(tokens.NameOf(task, id)))!.Value;
        // Hugging Face resizes to len(tokenizer) rounded up; a head wider than that (padded) keeps its rows, it never shrinks here.
        var rows = Math.Max((extended.Count + RowMultiple - 1) / RowMultiple * RowMultiple, source.Folder.Config.VocabularySize);
        var model = source.Folder.Load(new ModelLoadOptions(TorchRuntime.Device, ScalarType.Float32, new AddedTokenRows(rows, seed)));
        try
        {
            observer.ModelLoaded(LoadedModelSummary.Describe(role, source, model));
            var ours = ids.ToHashSet();
            long[] order = [.. ids.Select(id => (long)id), .. Enumerable.Range(0, rows).Where(id => !ours.Contains(id)).Select(id => (long)id)];
            return new PretrainedTaskModel(model, order) { ModelIds = ids };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <param name="tokens">(batch, time) task ids</param>
    /// <returns>(batch, time, vocabulary) logits of the next token, task ids first, with gradients</returns>
    public override Tensor forward(Tensor tokens)
    {
        var (batch, time) = (tokens.shape[0], tokens.shape[1]);
        using var positions = arange(time, device: model.Device).expand(batch, time); // (batch, time)
        using var logits = model.ForwardWithGradients(ModelTokensOf(tokens), positions);       // (batch, time, model vocabulary)
        return logits.index_select(2, order);
    }

    public override Tensor Forward(Tensor tokens, Tensor positions, Tensor? attentionMask, KeyValueCache cache, int logitsToKeep)
    {
        using var logits = model.Forward(ModelTokensOf(tokens), positions, attentionMask, cache, logitsToKeep); // (batch, kept, model vocabulary)
        return logits.index_select(2, order);                                                                  // (batch, kept, vocabulary), task ids first
    }

    public override KeyValueCache NewCache(int batch, int capacity) => model.NewCache(batch, capacity);

    /// <returns>(batch, time) the model's ids of task ids</returns>
    private Tensor ModelTokensOf(Tensor tokens) => order.index_select(0, tokens.to(model.Device).flatten()).view(tokens.shape);

    private static string Bracketed(string name) => name.StartsWith('<') && name.EndsWith('>') ? name : $"<{name}>";

    protected override void Dispose(bool disposing)
    {
        if (disposing) order.Dispose();
        base.Dispose(disposing);
    }
}
