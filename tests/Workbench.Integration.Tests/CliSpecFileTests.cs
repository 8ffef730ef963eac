using System.Text.Json.Nodes;
using Workbench.Cli.Api;

namespace Workbench.Integration.Tests;

/// <summary>How <c>workbench submit</c> turns a YAML spec into the JSON the API takes; no workbench needed.</summary>
public sealed class CliSpecFileTests
{
    [Fact]
    public void Plain_scalars_are_typed_by_the_yaml_core_schema_and_quoted_ones_stay_strings()
    {
        var json = SpecFile.YamlToJson("""
            kind: creativity      # a comment
            trainingSteps: 300
            learningRate: 3e-4
            temperature: -0.5
            title: "300"
            note: 'true'
            topK: ~
            causal: true
            schedule: [1, two, 3.5]
            nested: {depth: 2}
            """, "spec.yaml");

        var expected = JsonNode.Parse("""
            {"kind": "creativity", "trainingSteps": 300, "learningRate": 0.0003, "temperature": -0.5, "title": "300",
             "note": "true", "topK": null, "causal": true, "schedule": [1, "two", 3.5], "nested": {"depth": 2}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(json)), json);
    }

    [Fact]
    public void Broken_yaml_is_refused_with_its_line_and_column()
    {
        var refused = Assert.Throws<WorkbenchRefused>(() => SpecFile.YamlToJson("kind: creativity\ntrainingSteps: [20\n", "spec.yaml"));

        Assert.Matches(@"^spec\.yaml line 3, column \d+: ", refused.Message);
        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
    }

    [Fact]
    public void A_file_of_several_yaml_documents_is_refused()
    {
        var refused = Assert.Throws<WorkbenchRefused>(() => SpecFile.YamlToJson("kind: creativity\n---\nkind: branchingFactor\n", "two.yaml"));

        Assert.Equal("two.yaml must hold one spec, not 2 YAML documents", refused.Message);
    }
}
