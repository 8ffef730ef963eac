namespace Workbench.Engine.Pretrained;

/// <summary>
/// The models folder (setting <c>Models:Path</c>): one model folder in the Hugging Face layout per model, its name
/// being its path under the folder ("Qwen2.5-0.5B", or "Qwen/Qwen2.5-0.5B" one level down). Specs name models by
/// these names; hosts resolve them here and never outside the folder.
/// </summary>
public sealed class ModelLibrary(string root)
{
    /// <summary>Characters a model name may hold at most.</summary>
    public const int MaxNameLength = 200;

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Why <paramref name="name"/> cannot name a model (a path, a hidden folder, too long), or null.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "is required: the name of a model folder in the models folder (setting Models__Path)";
        if (name.Length > MaxNameLength) return $"is {name.Length} characters long; at most {MaxNameLength}";
        var parts = name.Split('/');
        if (parts.Length > 2 || parts.Any(part => part.Length == 0 || part.StartsWith('.') || part.Contains('\\') || part.Trim() != part))
            return $"\"{name}\" is not a model name: a folder of the models folder, or owner/folder, without leading dots or spaces";
        return null;
    }

    /// <summary>The model's folder by name.</summary>
    /// <exception cref="ModelLoadException">the name is not a model name, or no such model folder</exception>
    public string PathOf(string name)
    {
        if (NameProblem(name) is { } problem) throw new ModelLoadException($"The model name {problem}.");
        var path = Path.GetFullPath(Path.Combine(Root, name));
        if (!File.Exists(Path.Combine(path, "config.json")))
        {
            var known = Names();
            throw new ModelLoadException($"There is no model \"{name}\" in the models folder {Root}; " +
                                         (known.Count == 0 ? "it holds none." : $"it holds {string.Join(", ", known.Take(20))}{(known.Count > 20 ? ", …" : "")}."));
        }
        return path;
    }

    /// <summary>Opens the model (its config and weight headers, not the weights).</summary>
    /// <exception cref="ModelLoadException">no such model, or a folder the engine refuses (e.g. a missing shard)</exception>
    public ModelFolder Open(string name) => ModelFolder.Open(PathOf(name));

    /// <summary>Why the model cannot be opened (no such model, a missing shard, a config the engine refuses), or null: for refusing a spec up front.</summary>
    public string? Problem(string name)
    {
        try
        {
            Open(name);
            return null;
        }
        catch (ModelLoadException refused)
        {
            return refused.Message;
        }
    }

    /// <summary>Why the input's model cannot be used: <see cref="Problem(string)"/>, or an architecture the input does not take; null when it can.</summary>
    public string? Problem(PretrainedModelInput input)
    {
        try
        {
            return input.FamilyProblem(Open(input.Name).Config);
        }
        catch (ModelLoadException refused)
        {
            return refused.Message;
        }
    }

    /// <summary>Opens the model and hashes every file (<see cref="ModelManifest"/>): what a run records it loaded.</summary>
    /// <exception cref="ModelLoadException">no such model, or a folder the engine refuses</exception>
    public PretrainedModelSource Source(string name)
    {
        var folder = Open(name);
        return new PretrainedModelSource(name, folder, folder.ComputeManifest());
    }

    /// <summary>The models in the folder: every folder, one or two levels down, with a config.json.</summary>
    public IReadOnlyList<string> Names()
    {
        if (!Directory.Exists(Root)) return [];
        static bool Visible(string path) => !Path.GetFileName(path).StartsWith('.');
        var top = Directory.EnumerateDirectories(Root).Where(Visible).ToList();
        return [.. top.Where(IsModel).Concat(top.Where(folder => !IsModel(folder)).SelectMany(Directory.EnumerateDirectories).Where(Visible).Where(IsModel))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/')).Order(StringComparer.Ordinal)];

        static bool IsModel(string folder) => File.Exists(Path.Combine(folder, "config.json"));
    }
}
