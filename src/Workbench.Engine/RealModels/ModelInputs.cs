using Workbench.Engine.Pretrained;

namespace Workbench.Engine.RealModels;

/// <summary>Loads the models a spec names from its host (<see cref="ExperimentContext.Load{T}"/>) and tells the observer what was loaded.</summary>
public static class ModelInputs
{
    /// <exception cref="InputUnavailableException">the host has no such model, or (on a replay) its files changed</exception>
    /// <exception cref="ModelLoadException">the weights or tokenizer cannot be read</exception>
    public static LoadedModel Load(ExperimentContext context, PretrainedModelInput input)
    {
        var source = context.Load<PretrainedModelSource>(input);
        var (model, summary) = LoadedModelSummary.Load(input.Field, source);
        context.Observer.ModelLoaded(summary);
        return model;
    }

    /// <summary>A base and an aligned model with the same tokenizer (and, to be mixed, the same output width), loaded in that order.</summary>
    /// <param name="inputs">the base model's input, then the aligned model's</param>
    /// <exception cref="ArgumentException">their tokenizers (or output widths) differ</exception>
    public static (LoadedModel Base, LoadedModel Aligned) LoadPair(ExperimentContext context, IReadOnlyList<PretrainedModelInput> inputs, bool sameHead = false)
    {
        var baseModel = Load(context, inputs[0]);
        try
        {
            var aligned = Load(context, inputs[1]);
            try
            {
                EnsureSameTokenizer(baseModel, inputs[0].Field, aligned, inputs[1].Field, sameHead);
                return (baseModel, aligned);
            }
            catch
            {
                aligned.Dispose();
                throw;
            }
        }
        catch
        {
            baseModel.Dispose();
            throw;
        }
    }

    /// <summary>Two models compared token by token must read and write the same ids.</summary>
    /// <exception cref="ArgumentException">their tokenizers differ (or, when mixed, their output heads)</exception>
    public static void EnsureSameTokenizer(LoadedModel first, string firstField, LoadedModel second, string secondField, bool sameHead = false)
    {
        if (!first.Tokenizer.HasSameVocabulary(second.Tokenizer))
            throw new ArgumentException($"{secondField}: {second.Folder.Name} does not have the tokenizer of {firstField} {first.Folder.Name}; " +
                                        "the two models must give every token the same id.");
        if (sameHead && first.Model.VocabularySize != second.Model.VocabularySize)
            throw new ArgumentException($"{secondField}: {second.Folder.Name} writes {second.Model.VocabularySize} token ids, {firstField} " +
                                        $"{first.Folder.Name} {first.Model.VocabularySize}; nudging mixes their distributions, which must be as wide.");
    }
}
