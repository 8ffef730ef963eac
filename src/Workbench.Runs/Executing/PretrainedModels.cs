using Workbench.Engine;
using Workbench.Engine.Pretrained;

namespace Workbench.Runs.Executing;

/// <summary>
/// A model of the models folder a spec names, as a worker loads it: hashed, and on a replay compared with what the
/// original run loaded, so that a replay never measures another model under the same name. (At submit,
/// <see cref="ModelLibrary.Problem"/> checked that it exists and that the engine can read its config and weight headers.)
/// </summary>
public static class PretrainedModels
{
    /// <param name="replayed">what the run being replayed recorded for this role, or null</param>
    /// <exception cref="InputUnavailableException">no such model, a folder the engine refuses, or files changed since the replayed run</exception>
    public static PretrainedModelSource Load(PretrainedModelInput input, ModelLibrary library, LoadedModelSummary? replayed)
    {
        PretrainedModelSource source;
        try
        {
            source = library.Source(input.Name);
        }
        catch (ModelLoadException refused)
        {
            throw new InputUnavailableException(input, $"model \"{input.Name}\": {refused.Message}");
        }
        if (replayed is null) return source;
        if (replayed.Name != input.Name)
            throw new InputUnavailableException(input, $"the replayed run loaded \"{replayed.Name}\" here, not \"{input.Name}\"");
        try
        {
            source.Manifest.EnsureMatches(replayed.Manifest);
        }
        catch (ModelLoadException changed)
        {
            throw new InputUnavailableException(input, $"model \"{input.Name}\" changed since the replayed run loaded it; refusing to measure another model " +
                                                       $"under its name. {changed.Message}");
        }
        return source;
    }
}
