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
/// Every disagreement is one the spec decides against c2pa-rs; each is listed in
/// <see cref="KnownDifferences"/> and in docs/conformance.md, and must stay a disagreement (so the
/// list stays true). Anything else must agree.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class DifferentialTests(ITestOutputHelper output)
{
    /// <summary>Files where c2pa-rs and spec 2.2 disagree, with the clause that decides (details in docs/conformance.md).</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
        ["c2pa-extension-validator/test/media/bing_creator_cloud_surfing_puppy.jpg"] = "§14.5.1: c2pa-rs 0.13 lacks the EKU this signer uses",
        ["c2pa-extension-validator/test/media/cards_expired_with_timestamp.jpg"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cards_expired_with_untrusted_timestamp.jpg"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cards_expired_without_timestamp.jpg"] = "§14.4/§15.8.2: expiry is outsideValidity, not untrust",
        ["c2pa-extension-validator/test/media/cards_trusted.avif"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cards_trusted.jpg"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cards_trusted.mp4"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cards_trusted.png"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cards_trusted.svg"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cards_trusted.webp"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cards_trusted_without_timestamp.jpg"] = "§14.4/§15.8.2: expiry is outsideValidity, not untrust",
        ["c2pa-extension-validator/test/media/cards_untrusted.jpg"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cicadas_trusted.mp3"] = "§14.5.1: documentSigning EKU",
        ["c2pa-extension-validator/test/media/cicadas_trusted.wav"] = "§14.5.1: documentSigning EKU",
        ["c2pa-rs/sdk/src/identity/tests/fixtures/validation_method/malformed_cbor.jpg"] = "§15.10: a CAWG assertion c2pa-rs cannot type is still valid CBOR",
        ["c2pa-rs/sdk/tests/fixtures/dashinit.mp4"] = "§15.12.2.2: Merkle tree without its auxiliary boxes is malformed",
        ["c2pa-rs/sdk/tests/fixtures/legacy.mp4"] = "§18.6: c2pa.hash.bmff (v1) is removed and must be ignored",
        ["public-testfiles/image/jpeg/adobe-20220124-E-clm-CAICAI.jpg"] = "§15.10.3.2.2: the tampered ingredient no longer matches the hashed URI its c2pa.opened action names (c2pa-rs does not check action ingredients)",
    };

    internal sealed record Outcome(string State, IReadOnlyList<string> Failures)
    {
        public bool Equals(Outcome? other) => other is not null && State == other.State && Failures.SequenceEqual(other.Failures);

        public override int GetHashCode() => State.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>Codes outside C2PA 2.2 that c2pa-rs reports and we do not (CAWG identity is a separate specification).</summary>
    private static bool Comparable(string code) => !code.StartsWith("cawg.", StringComparison.Ordinal);

    /// <summary>
    /// c2pa-rs's names for what spec 2.2 calls otherwise: <c>signingCredential.expired</c> was removed in
    /// 2.2 for <c>claimSignature.outsideValidity</c>; <c>assertion.required.missing</c> is c2pa-rs's code
    /// for an assertion that does not decode, <c>assertion.cbor.invalid</c> in the spec.
    /// </summary>
    private static string Normalize(string code) => code switch
    {
        "signingCredential.expired" => "claimSignature.outsideValidity",
        "assertion.required.missing" => "assertion.cbor.invalid",
        _ => code,
    };

    [Fact]
    public async Task Agrees_with_c2pa_rs_on_failures_and_state()
    {
        var corpus = SharedFolder.RequireCorpus();
        var anchors = CorpusAnchors(corpus);
        var compared = 0;
        var disagreements = new List<string>();
        var explained = new List<string>();
        var knownButAgreeing = new HashSet<string>(KnownDifferences.Keys, StringComparer.Ordinal);
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
            foreach (var (key, trust) in new[] { ("summary", TrustStore.Empty), ("summary_with_corpus_anchors", anchors) })
            {
                var expected = Expected(recorded[key]!);
                // c2pa-rs (the recorded WebAssembly build) uses a time-stamp whatever its authority.
                var actual = await OursAsync(file, new ValidationOptions { Trust = trust, ValidationTime = at, VerifyTimeStampTrust = false });
                compared++;
                var line = $"{relative} [{key}]: c2pa-rs {Describe(expected)} / ours {Describe(actual)}";
                if (expected == actual)
                {
                    continue;
                }

                knownButAgreeing.Remove(relative);
                if (KnownDifferences.TryGetValue(relative, out var reason))
                {
                    explained.Add($"{line} — {reason}");
                }
                else
                {
                    disagreements.Add(line);
                }
            }
        }

        foreach (var line in explained.Concat(disagreements))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"{compared - disagreements.Count - explained.Count} of {compared} comparisons agree; {explained.Count} differ where the spec decides (docs/conformance.md)");
        Assert.True(compared > 0, "no recorded oracle answers were found");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} unexplained disagreements with c2pa-rs:\n" + string.Join('\n', disagreements));
        Assert.True(knownButAgreeing.Count == 0, "listed as known differences but now agreeing: " + string.Join(", ", knownButAgreeing));
    }

    internal static TrustStore CorpusAnchors(string corpus)
    {
        var trust = new TrustStoreBuilder();
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

        return trust.Build();
    }

    /// <summary>
    /// c2pa-rs's answer restricted to C2PA: its failures without CAWG codes, and its state as those
    /// failures decide it (a CAWG identity failure alone makes c2pa-rs say Invalid).
    /// </summary>
    private static Outcome Expected(JsonNode summary)
    {
        var failures = summary["failure"]!.AsArray().Select(n => Normalize(n!.GetValue<string>())).Where(Comparable).Distinct().Order(StringComparer.Ordinal).ToList();
        var success = summary["success"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var state = failures.Any(f => f != "signingCredential.untrusted") ? "Invalid"
            : success.Contains("signingCredential.trusted") ? "Trusted" : "Valid";
        return new Outcome(state, failures);
    }

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
