using System.Text.Json.Nodes;
using MediaTrust.IO;
using MediaTrust.Pki;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Conformance;

/// <summary>
/// Compares our verdict on every corpus media file with c2pa-rs's recorded one (TestData/Oracle):
/// the active manifest's failure codes and the validation state, without trust anchors and with
/// every anchor the corpus ships. The validation time is pinned to when the answers were recorded.
/// Disagreements that the spec decides are listed in docs/conformance.md.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    internal sealed record Outcome(string State, IReadOnlyList<string> Failures)
    {
        public bool Equals(Outcome? other) => other is not null && State == other.State && Failures.SequenceEqual(other.Failures);

        public override int GetHashCode() => State.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>Codes outside C2PA 2.2 that c2pa-rs reports and we do not (CAWG identity is a separate specification).</summary>
    private static bool Comparable(string code) => !code.StartsWith("cawg.", StringComparison.Ordinal);

    [Fact]
    public async Task Agrees_with_c2pa_rs_on_failures_and_state()
    {
        var corpus = SharedFolder.RequireCorpus();
        var anchors = CorpusAnchors(corpus);
        var compared = 0;
        var disagreements = new List<string>();
        foreach (var path in Directory.GetFiles(CorpusReadTests.OracleFolder(), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var recorded = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;
            var relative = recorded["file"]!.GetValue<string>();
            var file = Path.Combine(corpus, relative);
            if (!File.Exists(file) || recorded["summary"]!["state"] is null)
            {
                continue;
            }

            var at = DateTimeOffset.Parse(recorded["recorded_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (key, trust) in new[] { ("summary", new TrustStore()), ("summary_with_corpus_anchors", anchors) })
            {
                var expected = Expected(recorded[key]!);
                var actual = await OursAsync(file, new ValidationOptions { Trust = trust, ValidationTime = at });
                compared++;
                if (expected != actual)
                {
                    disagreements.Add($"{relative} [{key}]: c2pa-rs {Describe(expected)} / ours {Describe(actual)}");
                }
            }
        }

        foreach (var line in disagreements)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"{compared - disagreements.Count} of {compared} comparisons agree");
        Assert.True(compared > 0, "no recorded oracle answers were found");
        Assert.True(compared - disagreements.Count >= compared * 0.95,
            $"{disagreements.Count} of {compared} comparisons disagree:\n" + string.Join('\n', disagreements));
    }

    internal static TrustStore CorpusAnchors(string corpus)
    {
        var trust = new TrustStore();
        foreach (var file in new[]
        {
            "c2pa-rs/sdk/tests/fixtures/certs/trust/test_cert_root_bundle.pem",
            "c2pa-extension-validator/test/trusted/root_CA.crt",
            "c2pa-video-player/react-c2pa-player/trust/c2pa_anchors.pem",
            "c2pa-video-player/react-c2pa-player/trust/dev-ebu-root.pem",
            "conformance-public/trust-list/C2PA-TRUST-LIST.pem",
        })
        {
            var path = Path.Combine(corpus, file);
            if (File.Exists(path))
            {
                trust.AddSignerAnchorsFromPem(File.ReadAllText(path));
            }
        }

        // The recording gave c2pa-rs one bundle for both signers and time-stamping authorities.
        foreach (var file in new[] { "c2pa-extension-validator/test/trustedTSA/digicert_TSA_CA.pem", "conformance-public/trust-list/C2PA-TSA-TRUST-LIST.pem" })
        {
            var path = Path.Combine(corpus, file);
            if (File.Exists(path))
            {
                trust.AddTimeStampAnchorsFromPem(File.ReadAllText(path));
            }
        }

        return trust;
    }

    private static Outcome Expected(JsonNode summary) => new(
        summary["state"]!.GetValue<string>(),
        [.. summary["failure"]!.AsArray().Select(n => n!.GetValue<string>()).Where(Comparable).Distinct().Order(StringComparer.Ordinal)]);

    internal static async Task<Outcome> OursAsync(string file, ValidationOptions options)
    {
        try
        {
            var reader = await Reader.ReadFileAsync(file, new ReaderOptions { Validation = options }, TestContext.Current.CancellationToken);
            var report = reader.Validation!;
            return new Outcome(report.State.ToString(), [.. report.Failures.Select(f => f.Code).Distinct().Order(StringComparer.Ordinal)]);
        }
        catch (Exception e) when (e is MalformedContentException or NoManifestException or NotSupportedException)
        {
            return new Outcome("error", [e.GetType().Name + ": " + e.Message]);
        }
    }

    private static string Describe(Outcome outcome) => $"{outcome.State} [{string.Join(", ", outcome.Failures)}]";
}
