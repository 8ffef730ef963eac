using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary>
/// <c>--watch</c> and <c>--give-up-after</c>: follow what a command started, riding out a workbench that stops
/// answering for a while (see <see cref="Reconnection"/>) but not forever.
/// </summary>
/// <param name="watchDescription">what --watch does, e.g. "Follow the run until it finishes; exit 0 only if it succeeds."</param>
public sealed class WatchOptions(string watchDescription)
{
    public const string GiveUpVariable = "WORKBENCH_GIVE_UP_AFTER";
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMinutes(5);

    public Option<bool> Watch { get; } = new("--watch") { Description = watchDescription };
    public Option<string?> GiveUpAfter { get; } = GiveUp();

    public IEnumerable<Symbol> Symbols => [Watch, GiveUpAfter];

    /// <returns>how long to wait for a silent workbench when --watch is given, else null</returns>
    public TimeSpan? Patience(ParseResult parsed)
    {
        var patience = PatienceOf(parsed, GiveUpAfter);
        return parsed.GetValue(Watch) ? patience : null;
    }

    public static Option<string?> GiveUp() => new("--give-up-after")
    {
        HelpName = "duration",
        Description = $"While watching, stop (exit 4) once the workbench has not answered for this long, e.g. 90s, 10m, 1h " +
            $"(${GiveUpVariable}, else {Duration.Text(DefaultPatience)}); until then a restart of the workbench is waited out.",
    };

    /// <summary>The option's value, else the environment's, else the default; a bad one is refused before anything is sent.</summary>
    public static TimeSpan PatienceOf(ParseResult parsed, Option<string?> giveUpAfter)
    {
        var (text, source) = parsed.GetValue(giveUpAfter) is { } given
            ? (given, "--give-up-after")
            : (Environment.GetEnvironmentVariable(GiveUpVariable), GiveUpVariable);
        if (string.IsNullOrWhiteSpace(text)) return DefaultPatience;
        return Duration.TryParse(text, out var patience)
            ? patience
            : throw new WorkbenchRefused($"{source}: \"{text}\" is not a length of time; write e.g. 90s, 10m or 1h", ExitCodes.Refused);
    }
}
