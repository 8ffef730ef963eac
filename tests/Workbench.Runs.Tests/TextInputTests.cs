namespace Workbench.Runs.Tests;

/// <summary>What text people may type into notes, names and filters.</summary>
public sealed class TextInputTests
{
    [Theory]
    [InlineData("baseline run, seed 3")]
    [InlineData("نتيجة جيدة")]
    [InlineData("emoji 🎲 pairs are fine")]
    public void Ordinary_text_in_any_script_is_accepted(string text) => Assert.Null(TextInput.Problem(text, 100));

    [Theory]
    [InlineData("rm -rf \u202Efdp.exe", "bidirectional control U+202E (at character 8)")]
    [InlineData("admin\u2066 \u2069", "bidirectional control U+2066")]
    [InlineData("bell\u0007", "control character U+0007")]
    [InlineData("two\nlines", "control character U+000A")]
    [InlineData("a\0b", "NUL character (at character 2)")]
    public void Text_that_would_display_otherwise_or_cannot_be_stored_is_refused_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, TextInput.Problem(text, 100));

    [Fact]
    public void Half_of_a_surrogate_pair_is_not_text() =>
        Assert.Contains("unpaired surrogate U+D83C (at character 6)", TextInput.Problem("half " + (char)0xD83C + " pair", 100));

    [Fact]
    public void Multi_line_text_keeps_its_line_breaks_and_tabs_but_not_other_controls()
    {
        Assert.Null(TextInput.Problem("first line\r\n\tsecond", 100, multiline: true));
        Assert.Contains("U+001B", TextInput.Problem("colour \u001B[31m", 100, multiline: true));
    }

    [Fact]
    public void Text_over_the_limit_says_how_long_it_is() =>
        Assert.Equal("is 6 characters long; at most 5", TextInput.Problem("sixsix", 5));
}
