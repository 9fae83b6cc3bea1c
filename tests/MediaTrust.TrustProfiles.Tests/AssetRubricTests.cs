using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Testing;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// The C2PA conformance asset rubrics (corpus/conformance-public/asset-rubrics) evaluated over our crJSON of corpus
/// media: every statement must evaluate without an error. The verdict table is written next to the test output
/// (rubric-verdicts.md) and tabulated in docs/jpeg-trust.md.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class AssetRubricTests
{
    private static readonly string[] Media =
    [
        "c2pa-rs/sdk/tests/fixtures/C.jpg",
        "c2pa-rs/sdk/tests/fixtures/CA.jpg",
        "c2pa-rs/sdk/tests/fixtures/CACAE-uri-CA.jpg",
        "c2pa-rs/sdk/tests/fixtures/E-sig-CA.jpg",
        "c2pa-rs/sdk/tests/fixtures/XCA.jpg",
        "c2pa-rs/sdk/tests/fixtures/boxhash.jpg",
        "c2pa-rs/sdk/tests/fixtures/update_manifest.jpg",
        "c2pa-rs/sdk/tests/fixtures/C_with_CAWG_data.jpg",
    ];

    private static readonly string[] Rubrics =
    [
        "asset-rubric-conformance0.1-spec2.2.yml",
        "asset-rubric-conformance0.2-spec2.2.yml",
        "asset-rubric-conformance0.2-spec2.4.yml",
        "asset-rubric-integrity.yml",
        "asset-rubric-signals-local.yml",
        "asset-rubric-text-conformance.yml",
    ];

    [Fact]
    public async Task Every_rubric_evaluates_over_our_crJSON_without_errors()
    {
        var rubricDir = Path.GetDirectoryName(SharedFolder.RequireCorpusFile("conformance-public/asset-rubrics/" + Rubrics[0]))!;
        var evaluator = new ProfileEvaluator(new ProfileEvaluatorOptions { Now = ProfileEvaluatorCorpusTests.PinnedNow });
        var profiles = Rubrics.Select(r => TrustProfile.Load(Path.Combine(rubricDir, r))).ToList();
        var table = new StringBuilder("| file | " + string.Join(" | ", Rubrics.Select(r => r.Replace("asset-rubric-", "", StringComparison.Ordinal).Replace(".yml", "", StringComparison.Ordinal))) + " |\n");
        table.Append("|---|").Append(string.Concat(Enumerable.Repeat("---|", Rubrics.Length))).Append('\n');
        var errors = new List<string>();
        foreach (var media in Media)
        {
            var path = SharedFolder.RequireCorpusFile(media);
            var options = new ReaderOptions { Validation = new Validation.ValidationOptions { ValidationTime = ProfileEvaluatorCorpusTests.PinnedNow } };
            var reader = await Reader.ReadFileAsync(path, options, TestContext.Current.CancellationToken);
            var crJson = JsonNode.Parse(reader.ToCrJson())!.AsObject();
            table.Append("| ").Append(Path.GetFileName(media)).Append(" |");
            foreach (var (profile, name) in profiles.Zip(Rubrics))
            {
                var report = evaluator.Evaluate(profile, crJson, TestContext.Current.CancellationToken);
                var values = report.Sections.SelectMany(s => s).Select(s => s["value"]).OfType<JsonValue>().ToList();
                var passed = values.Count(v => v.GetValueKind() == System.Text.Json.JsonValueKind.True);
                var failed = values.Count(v => v.GetValueKind() == System.Text.Json.JsonValueKind.False);
                table.Append(' ').Append(passed).Append(" ✔ / ").Append(failed).Append(" ✘ |");
                foreach (var statement in report.Sections.SelectMany(s => s).Where(s => s.ContainsKey("error")))
                {
                    errors.Add($"{media} × {name}: {statement["id"]}: {statement["error"]!.ToJsonString()}");
                }

                if (report.Document["profile_errors"] is JsonArray profileErrors)
                {
                    errors.AddRange(profileErrors.Select(e => $"{name}: {e}"));
                }
            }

            table.Append('\n');
        }

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "rubric-verdicts.md"), table.ToString());
        Assert.True(errors.Count == 0, string.Join("\n", errors.Distinct().Take(40)));
    }
}
