namespace Workbench.Engine;

/// <summary>Where a parameter appears in the New-run form, in this order.</summary>
public enum ParameterGroup { Task, Model, Training, Decoding, SeedConditioning, Evaluation, Resources }

/// <summary>
/// A spec parameter's metadata, next to the property: its group, a one-line description, and its range. The range is
/// stated here once: <see cref="ExperimentSpec.Validate"/> checks it, the New-run form shows it as the field's hint, and
/// <c>GET /api/kinds</c> / <c>workbench kinds</c> print it. For a list, the range is each item's, and
/// <see cref="MinCount"/>/<see cref="MaxCount"/> bound how many items it holds; for text, <see cref="MaxLength"/> caps
/// each line or item.
/// </summary>
/// <remarks>Bounds may refer to another parameter (<see cref="MaxOf"/>, <see cref="MinOf"/>, plus an offset): the effective
/// bound is the tighter of the fixed one and the other parameter's value.</remarks>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExperimentParameterAttribute(ParameterGroup group, string description) : Attribute
{
    public ParameterGroup Group { get; } = group;

    public string Description { get; } = description;

    /// <summary>How the form and tables name it; by default the property's name in words ("Seed prefix length").</summary>
    public string? Label { get; set; }

    public double Min { get; set; } = double.NaN;

    public double Max { get; set; } = double.NaN;

    /// <summary>The value must be above <see cref="Min"/>, not equal to it ("above 0").</summary>
    public bool AboveMin { get; set; }

    /// <summary>The value must be below <see cref="Max"/>, not equal to it.</summary>
    public bool BelowMax { get; set; }

    /// <summary>The upper bound is also this parameter's value (its C# name), plus <see cref="MaxOffset"/>.</summary>
    public string? MaxOf { get; set; }

    public double MaxOffset { get; set; }

    /// <summary>The lower bound is also this parameter's value (its C# name), plus <see cref="MinOffset"/>.</summary>
    public string? MinOf { get; set; }

    public double MinOffset { get; set; }

    /// <summary>Lists: fewest items.</summary>
    public int MinCount { get; set; }

    /// <summary>Lists: most items; 0 for no limit.</summary>
    public int MaxCount { get; set; }

    /// <summary>Text: most characters per value (each item of a list of text); 0 for no limit.</summary>
    public int MaxLength { get; set; }

    /// <summary>Lists: no value may appear twice.</summary>
    public bool Distinct { get; set; }
}

/// <summary>
/// The parameter only means something when another parameter has one of the given values (null: unset; or, with
/// <see cref="Not"/>, none of them): the form hides it otherwise. Several on one property must all hold.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class AppliesWhenAttribute(string parameter, params object?[] values) : Attribute
{
    /// <summary>The other parameter's C# name.</summary>
    public string Parameter { get; } = parameter;

    public IReadOnlyList<object?> Values { get; } = values;

    public bool Not { get; set; }
}
