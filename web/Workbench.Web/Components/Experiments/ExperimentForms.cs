using Workbench.Engine.Creativity;

namespace Workbench.Web.Components.Experiments;

/// <summary>
/// A kind of experiment people can start from the UI, and the form component that edits its spec.
/// The form takes an <c>OnSubmit</c> <see cref="Microsoft.AspNetCore.Components.EventCallback{ExperimentSpec}"/>
/// and raises it with a spec that passed <see cref="ExperimentSpec.Validate"/>.
/// </summary>
public sealed record ExperimentForm(string Kind, string Title, Type Component);

public static class ExperimentForms
{
    /// <summary>A new experiment kind slots in with one more entry here and its form component.</summary>
    public static IReadOnlyList<ExperimentForm> All { get; } =
    [
        new(CreativitySpec.Kind, new CreativitySpec().Title, typeof(CreativitySpecForm)),
    ];
}
