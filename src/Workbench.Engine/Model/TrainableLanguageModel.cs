using Workbench.Engine.Generation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Engine.Model;

/// <summary>
/// A language model the creativity objectives train and the generation engine decodes: our own <see cref="Transformer"/>,
/// or a pretrained model fine-tuned on a task's tokens (<see cref="Creativity.PretrainedTaskModel"/>). As a module it
/// reads whole sequences with gradients, <c>call(tokens (batch, time))</c> → logits (batch, time, vocabulary); as an
/// <see cref="ICausalLanguageModel"/> it reads new tokens after a key-value cache. Its parameters are what AdamW updates.
/// </summary>
public abstract class TrainableLanguageModel(string name) : Module<Tensor, Tensor>(name), ICausalLanguageModel
{
    public abstract int VocabularySize { get; }

    public abstract int ContextLength { get; }

    public abstract Device Device { get; }

    public abstract KeyValueCache NewCache(int batch, int capacity);

    public abstract Tensor Forward(Tensor tokens, Tensor positions, Tensor? attentionMask, KeyValueCache cache, int logitsToKeep);
}
