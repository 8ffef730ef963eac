namespace Workbench.Engine.Creativity;

/// <summary>
/// Every random stream of a creativity run, derived from the spec's one seed so that the same spec gives
/// bit-identical results (on the CPU, with the same thread count). The four streams that existed before
/// seed-conditioning use the seed itself, so older runs replay unchanged; the newer ones use
/// <see cref="Derive"/>(seed, stream), a SplitMix64 hash, so they are independent of each other and of the seed's
/// own streams. Recorded in every outcome.
/// </summary>
/// <param name="Task">the hidden structure and training set (<see cref="Random"/>)</param>
/// <param name="Initialisation">the model's initial weights (torch generator)</param>
/// <param name="BatchOrder">the order training sequences are drawn in (<see cref="Random"/>)</param>
/// <param name="Sampling">the tokens drawn when generating the evaluation answers, and diffusion's unmasking order (torch generator)</param>
/// <param name="TrainingPrefixes">seed prefixes of training sequences (<see cref="Random"/>)</param>
/// <param name="EvaluationPrefixes">seed prefixes of evaluation samples (<see cref="Random"/>)</param>
/// <param name="DiffusionNoise">diffusion training's noise levels and masked positions (torch generator)</param>
/// <param name="TeacherlessCopies">which answers get a fractional teacherless copy (<see cref="Random"/>)</param>
public sealed record SeedPlan(int Task, long Initialisation, int BatchOrder, long Sampling, int TrainingPrefixes, int EvaluationPrefixes, long DiffusionNoise,
    int TeacherlessCopies)
{
    public static SeedPlan From(int seed) => new(
        Task: seed, Initialisation: seed, BatchOrder: seed, Sampling: seed,
        TrainingPrefixes: Derive(seed, 1), EvaluationPrefixes: Derive(seed, 2), DiffusionNoise: Derive(seed, 3), TeacherlessCopies: Derive(seed, 4));

    /// <summary>A non-negative 31-bit seed for stream <paramref name="stream"/> of <paramref name="seed"/> (SplitMix64's finaliser).</summary>
    public static int Derive(int seed, int stream)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)stream) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }
}
