namespace Workbench.Engine.BranchingFactor;

/// <summary>How a factor's impact is read from its levels' mean BFs (the reference's <c>method</c>).</summary>
public enum ParetoMethod
{
    /// <summary>The mean over unordered pairs of levels of |mean_i − mean_j|: what the paper's Pareto figure uses.</summary>
    Mean,
    /// <summary>The largest level mean minus the smallest. With two levels both methods agree.</summary>
    Range,
}

/// <summary>One measured point: each factor's level there, and its BF (linear, not ln).</summary>
public sealed record ParetoPoint(IReadOnlyDictionary<string, string> Levels, double BranchingFactor);

/// <summary>A factor's impact on BF.</summary>
/// <param name="Impact">in units of BF</param>
/// <param name="Percent">its share of every factor's impact summed, in percent (the impacts add up to 100)</param>
public sealed record FactorImpact(string Factor, double Impact, double Percent);

/// <summary>
/// The paper's Pareto analysis as its code computes it (LLMBranchingFactor, <c>visualization/visualization_pareto_analysis.py</c>,
/// <c>pareto_analysis</c>): for each factor, group every point by the factor's level and take the mean BF per level
/// (<c>df.groupby(dimension)["Branching Factor"].mean()</c>; the paper's points are a model at a constraint level, their
/// BF its <c>ebf_perplexity</c>); the factor's impact is the mean over unordered pairs of levels of the absolute
/// difference of their means (or, <see cref="ParetoMethod.Range"/>, max − min); impacts are normalised to percentages
/// of their sum. The paper's factors are alignment, model size, model generation and constraint level (output length is
/// left out as a collider).
/// </summary>
public static class ParetoAnalysis
{
    /// <returns>the factors' impacts in the order given (the reference sorts them, largest first, only to draw the chart);
    /// with <see cref="ParetoMethod.Mean"/> a factor with one level only is left out, as the reference leaves it out</returns>
    public static IReadOnlyList<FactorImpact> Impacts(IReadOnlyList<ParetoPoint> points, IReadOnlyList<string> factors, ParetoMethod method = ParetoMethod.Mean)
    {
        if (points.Count == 0) throw new ArgumentException("There are no points.", nameof(points));
        var impacts = new List<(string Factor, double Impact)>();
        foreach (var factor in factors)
        {
            var levels = points.GroupBy(point => point.Levels[factor], StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => group.Average(point => point.BranchingFactor))
                .ToArray();
            if (method == ParetoMethod.Range)
            {
                impacts.Add((factor, levels.Max() - levels.Min()));
                continue;
            }
            if (levels.Length == 1) continue;
            var (sum, pairs) = (0.0, 0);
            for (var i = 0; i < levels.Length; i++)
                for (var j = i + 1; j < levels.Length; j++, pairs++)
                    sum += Math.Abs(levels[i] - levels[j]);
            impacts.Add((factor, sum / pairs));
        }
        var total = impacts.Sum(impact => impact.Impact);
        // Where no factor moves BF at all the reference divides by zero; every share is 0 here.
        return [.. impacts.Select(impact => new FactorImpact(impact.Factor, impact.Impact, total == 0 ? 0 : impact.Impact / total * 100))];
    }
}
