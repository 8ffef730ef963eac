using System.Globalization;

namespace Workbench.Web.Groups;

/// <summary>
/// A value axis from 0 to a round number just above the data, in about five round steps (1, 2, 2.5 or 5 times a power
/// of ten): a creativity of 0.1 gets 0–0.1 in steps of 0.02, a BF of 6.6 gets 0–8 in steps of 2.
/// </summary>
public readonly record struct ValueAxis(double Top, double Step)
{
    private const int About = 5;

    /// <param name="highest">the largest value drawn; nothing above 0 gives 0–1</param>
    public static ValueAxis For(double highest)
    {
        if (!(highest > 0) || double.IsInfinity(highest)) return new(1, 0.2);
        var rough = highest / About;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        // A hair of tolerance: 0.1 / 5 is 0.020000000000000004, and 0.02 should do.
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(factor => factor * power).First(candidate => candidate >= rough * (1 - 1e-9));
        return new(Math.Ceiling(highest / step - 1e-9) * step, step);
    }

    public IEnumerable<double> Ticks
    {
        get
        {
            var step = Step;
            return Enumerable.Range(0, (int)Math.Round(Top / step) + 1).Select(index => index * step);
        }
    }

    /// <summary>A tick's label: as many decimals as the step needs, no float noise ("0.06", not "0.060000000000000005").</summary>
    public string Label(double tick) => Math.Round(tick, 10).ToString("0.##########", CultureInfo.InvariantCulture);
}
