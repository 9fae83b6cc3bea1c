using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// Conformance against adobe/profile-evaluator's own samples (corpus/profile-evaluator: testfiles/*_profile.yml over
/// *_indicators.json, expected reports in output/), with "now" pinned to a Thursday so the weekday template and the
/// certificate-validity checks are reproducible.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class ProfileEvaluatorCorpusTests
{
    /// <summary>2025-06-26 was a Thursday: the expression sample's expected report says "Report run on Thursday".</summary>
    internal static readonly DateTimeOffset PinnedNow = new(2025, 6, 26, 21, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Pairs => new() { "blocks", "camera", "expression", "genai", "includes", "no_manifests", "signature", "xmp" };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Report_equals_the_reference_output(string name)
    {
        var folder = SharedFolder.RequireCorpusFile("profile-evaluator/testfiles/" + name + "_profile.yml");
        var dir = Path.GetDirectoryName(Path.GetDirectoryName(folder))!;
        var report = Evaluate(Path.Combine(dir, "testfiles", name + "_profile.yml"), Path.Combine(dir, "testfiles", name + "_indicators.json"));

        var expectedJson = Path.Combine(dir, "output", name + "_indicators_report.json");
        var expected = File.Exists(expectedJson)
            ? JsonNode.Parse(File.ReadAllText(expectedJson))
            : YamlJson.ReadDocuments(File.ReadAllText(Path.Combine(dir, "output", name + "_indicators_report.yml")), "expected")[0];

        Assert.True(JsonNode.DeepEquals(expected, report.Document), $"expected:\n{expected}\nactual:\n{report.ToJson()}");
        // Data blocks first, statements last (decided "during WG meeting", §8).
        Assert.Equal("statements", report.Document.Last().Key);
        Assert.Equal(((JsonObject)expected!).Select(p => p.Key), report.Document.Select(p => p.Key));
    }

    [Fact]
    public void Yaml_rendering_of_every_reference_report_reads_back_equal()
    {
        var folder = SharedFolder.RequireCorpusFile("profile-evaluator/testfiles/blocks_profile.yml");
        var dir = Path.GetDirectoryName(Path.GetDirectoryName(folder))!;
        foreach (var name in Pairs)
        {
            var report = Evaluate(Path.Combine(dir, "testfiles", name + "_profile.yml"), Path.Combine(dir, "testfiles", name + "_indicators.json"));
            var back = YamlJson.ReadDocuments(report.ToYaml(), name)[0];
            Assert.True(JsonNode.DeepEquals(report.Document, back), $"{name}:\n{report.ToYaml()}");
        }
    }

    /// <summary>
    /// The s01 expected report predates the current template profile: it has the 2025-06 shape (<c>metadata</c>,
    /// <c>sections</c>) and version 1.0.0, while the profile now says 2.0.0 and outputs <c>profile_metadata</c>
    /// (docs/conformance.md, JPEG Trust). The statements agree, apart from the profile name and version the old
    /// profile put into the compliance text.
    /// </summary>
    [Fact]
    public void Template_sample_agrees_with_the_older_reference_output_in_its_statements()
    {
        var folder = SharedFolder.RequireCorpusFile("profile-evaluator/testfiles/template_profile.yml");
        var dir = Path.GetDirectoryName(Path.GetDirectoryName(folder))!;
        var report = Evaluate(Path.Combine(dir, "testfiles", "template_profile.yml"), Path.Combine(dir, "testfiles", "s01-standard-manifest-with-actions-2ed.json"));
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "output", "s01-standard-manifest-with-actions-2ed_report.json")))!;

        // The old profile named its information block "metadata", so {{metadata.name}} found the profile's name; the
        // current one names it profile_metadata and {{metadata.name}} looks into the indicator set's metadata (empty).
        var sections = expected["sections"]!.ToJsonString().Replace("(Template Test Profile, 1.0.0)", "(, )", StringComparison.Ordinal);
        Assert.Equal(sections, report.Document["statements"]!.ToJsonString());
        Assert.False(report.Document.ContainsKey("sections"));
        Assert.Equal("Template Test Profile", report.Document["profile_metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(false, report.Compliance);
    }

    internal static TrustReport Evaluate(string profile, string indicators) =>
        new ProfileEvaluator(new ProfileEvaluatorOptions { Now = PinnedNow })
            .Evaluate(TrustProfile.Load(profile), JsonNode.Parse(File.ReadAllText(indicators)), TestContext.Current.CancellationToken);
}
