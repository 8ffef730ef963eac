namespace Workbench.Engine.Tests.BranchingFactor;

/// <summary>
/// The branching-factor tests train and sample with one torch thread: their models are tiny, the machine is
/// shared, and on a busy machine a second thread only spins. Test classes run one at a time, so this does not
/// disturb the classes that use <see cref="TestTorch"/>.
/// </summary>
internal static class OneTorchThread
{
    public static TorchEnvironment Configure() => TorchRuntime.Configure(threads: 1);
}
