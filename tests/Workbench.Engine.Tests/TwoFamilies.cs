using Workbench.Engine;
using Workbench.Engine.Creativity;

namespace Workbench.Engine.Tests;

/// <summary>
/// A hand-made sibling task small enough to reason about: p0 has children c0, c1, c2; p1 has c3, c4, c5.
/// The training set is "c0 c1 p0" and "c4 c3 p1".
/// </summary>
internal static class TwoFamilies
{
    public static SiblingDiscovery Task() => new(new SiblingGraph(parents: 2, parentOfChild: [0, 0, 0, 1, 1, 1]), [(0, 1), (4, 3)]);

    /// <summary>Token ids of an answer written as text, e.g. "c0 c2 p0 &lt;eos&gt;".</summary>
    public static int[] Answer(this SiblingDiscovery task, string text) => task.Vocabulary.Encode(text);
}

/// <summary>The engine's tests compute on the CPU with a fixed thread count, so runs can be compared bit for bit.</summary>
internal static class TestTorch
{
    public const int Threads = 1;

    public static TorchEnvironment Configure() => TorchRuntime.Configure(Threads);
}
