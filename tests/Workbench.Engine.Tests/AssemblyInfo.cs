// Torch's thread count and device are process-wide (TorchRuntime), and the determinism tests compare runs
// made with the same thread count; running test classes one at a time keeps them from disturbing each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
