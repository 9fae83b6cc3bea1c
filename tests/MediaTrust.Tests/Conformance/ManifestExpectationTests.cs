using System.Globalization;
using System.Text.RegularExpressions;
using MediaTrust.IO;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Conformance;

/// <summary>
/// The expectations each corpus folder's MANIFEST.tsv states, checked against our validation:
/// an <c>invalid</c> row's stated failure codes are among ours (anywhere in the report, since some
/// rows state an ingredient's codes) and the state is Invalid; a <c>valid</c>, <c>valid-untrusted</c>
/// or <c>valid-trusted</c> row has no failure beyond trust (<c>signingCredential.untrusted</c>; and
/// <c>claimSignature.outsideValidity</c> only where the row says the certificate expired with nothing
/// to rescue it); a <c>valid-trusted</c> row is Trusted under the anchors its row names. The time is
/// pinned per corpus folder (<see cref="Folders"/>). Rows where the spec decides against the row are
/// listed, with the clause, in <see cref="Explained"/> and in docs/conformance.md.
/// </summary>
[Trait("Category", "Corpus")]
public sealed partial class ManifestExpectationTests(ITestOutputHelper output)
{
    private static readonly string[] CheckedClasses = ["invalid", "valid", "valid-untrusted", "valid-trusted"];

    /// <summary>
    /// Anchors (signer, TSA) each folder's rows name, and a validation time inside the validity of
    /// that folder's signers (or, for the extension validator, the date the rows describe: after its
    /// test signer expired on 2025-04-03, where only a trusted time-stamp keeps a manifest valid).
    /// </summary>
    private static readonly Dictionary<string, (string[] Signers, string[] Tsas, DateTimeOffset At)> Folders = new(StringComparer.Ordinal)
    {
        ["c2pa-extension-validator"] = (["c2pa-extension-validator/test/trusted/root_CA.crt"], ["c2pa-extension-validator/test/trustedTSA/digicert_TSA_CA.pem"], At("2025-06-01")),
        ["c2pa-rs"] = (["c2pa-rs/sdk/tests/fixtures/certs/trust/test_cert_root_bundle.pem"], [], At("2025-06-01")),
        ["c2pa-ts"] = ([], [], At("2025-06-01")),
        ["c2pa-video-player"] = (["c2pa-video-player/react-c2pa-player/trust/c2pa_anchors.pem", "c2pa-video-player/react-c2pa-player/trust/dev-ebu-root.pem"], [], At("2025-06-01")),
        ["public-testfiles"] = ([], [], At("2024-06-01")),
    };

    /// <summary>
    /// Rows whose statement the spec decides otherwise: row → (what we say, clause and reason). The
    /// test requires each of these to still disagree with its row, so the list stays true.
    /// </summary>
    internal static readonly Dictionary<string, (string Ours, string Reason)> Explained = new(StringComparer.Ordinal)
    {
        ["c2pa-rs/sdk/tests/fixtures/no_alg.jpg"] = ("Invalid: claimSignature.mismatch, assertion.dataHash.mismatch",
            "row: algorithm.unsupported. The claim has no `alg`, which the claim CDDL makes optional (§10, claim-map `? alg`; sha256 is then used), so it is not algorithm.unsupported; the file was edited after signing, which the signature and data hash show"),
        ["public-testfiles/image/jpeg/adobe-20220124-E-clm-CAICAI.jpg"] = ("Invalid: assertion.hashedURI.mismatch, ingredient.manifest.missing, assertion.action.ingredientMismatch",
            "row: claim.missing (a 1.x code). §15.11: an ingredient whose manifest cannot be resolved is ingredient.manifest.missing; c2pa-rs says the same"),
        ["public-testfiles/image/jpeg/adobe-20220124-E-uri-CIE-sig-CA.jpg"] = ("Valid (untrusted); the ingredient's delta holds assertion.hashedURI.mismatch, claimSignature.mismatch, timeStamp.mismatch",
            "row: invalid at the top level. The tampered assertion is in the ingredient's manifest: §15.11 reports it in ingredientDeltas (where we have every code the row names), and §14.3's state is the active manifest's, which validates"),
        ["public-testfiles/image/jpeg/nikon-20221019-building.jpeg"] = ("Invalid: claimSignature.outsideValidity, signingCredential.untrusted",
            "row: claimSignature.mismatch (from an old c2patool). §15.7: the signature verifies over the claim bytes (c2pa-rs 0.13 agrees: claimSignature.validated); the signer expired without a time-stamp, which we report"),
        ["public-testfiles/image/jpeg/truepic-20230212-camera.jpg"] = ("Invalid: assertion.dataHash.mismatch",
            "row: valid. §15.12.1: the bytes outside the exclusion no longer hash to the data hash; c2pa-rs 0.13 reports the same mismatch on these bytes"),
        ["c2pa-video-player/react-c2pa-player/public/mp4s/PTS_TRUSTED_sony_official_cawg_wdr.mp4"] = ("Valid (signingCredential.untrusted)",
            "row: trusted (from the file name). §14.4: trust needs an anchor, and none in react-c2pa-player/trust/ (c2pa_anchors.pem, dev-ebu-root.pem, with its store.cfg EKUs) issues this EBU signer; c2pa-rs with the same anchors also says untrusted"),
        ["c2pa-video-player/react-c2pa-player/public/mp4s/PTS_TRUSTED_sony_official_teletrax_wmk_kinetiq_CAWG.mp4"] = ("Valid (signingCredential.untrusted)",
            "row: trusted (from the file name). As PTS_TRUSTED_sony_official_cawg_wdr.mp4: no anchor in the row's trust folder issues the signer (c2pa-rs agrees)"),
    };

    /// <summary>
    /// Rows signed by real signers whose certificates have since expired, and whose time-stamps come from
    /// authorities the rows name no anchor for: validated at the time-stamp's genTime (inside the signer's
    /// validity), as the rows' sources did when they called them valid.
    /// </summary>
    private static readonly Dictionary<string, DateTimeOffset> RowTimes = new(StringComparer.Ordinal)
    {
        ["c2pa-rs/sdk/tests/fixtures/express-signed.pdf"] = At("2023-12-12"),
        ["c2pa-rs/cli/tests/fixtures/verify.jpeg"] = At("2022-05-07"),
        ["c2pa-video-player/react-c2pa-player/public/mp4s/PTS_TRUSTED_sony_official_cawg_wdr.mp4"] = At("2026-01-27"),
        ["c2pa-video-player/react-c2pa-player/public/mp4s/PTS_TRUSTED_sony_official_teletrax_wmk_kinetiq_CAWG.mp4"] = At("2026-01-28"),
        ["public-testfiles/image/jpeg/truepic-20230212-camera.jpg"] = At("2023-02-13"),
        ["public-testfiles/font/ttf/monotype-20240712-monotype_sans.ttf"] = At("2024-07-13"),
        ["public-testfiles/pdf/adobe-20240110-single_manifest_store.pdf"] = At("2023-11-28"),
    };

    private static DateTimeOffset At(string date) => DateTimeOffset.Parse(date + "T00:00:00Z", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b[a-z][A-Za-z]*(?:\.[A-Za-z][A-Za-z0-9-]*)+\b")]
    private static partial Regex CodePattern();

    internal sealed record Row(string Folder, string Path, string OutcomeClass, string Expected, string File);

    internal static IEnumerable<Row> Rows(string corpus)
    {
        foreach (var manifest in Directory.GetFiles(corpus, "MANIFEST.tsv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(manifest)!);
            foreach (var line in File.ReadLines(manifest))
            {
                var cells = line.Split('\t');
                if (line.StartsWith('#') || cells.Length < 9 || cells[0] == "path" || !CheckedClasses.Contains(cells[5]))
                {
                    continue;
                }

                var stored = cells[8].StartsWith("dup-of:", StringComparison.Ordinal) ? cells[8]["dup-of:".Length..] : $"{folder}/{cells[0]}";
                yield return new Row(folder, cells[0], cells[5], cells[6], System.IO.Path.Combine(corpus, stored));
            }
        }
    }

    /// <summary>The status codes a row's <c>expected</c> column states, in 2.2 names (signingCredential.expired became claimSignature.outsideValidity).</summary>
    internal static List<string> StatedCodes(string expected) =>
        [.. CodePattern().Matches(expected).Select(m => m.Value == "signingCredential.expired" ? ValidationStatusCodes.ClaimSignatureOutsideValidity : m.Value)
            .Where(c => ValidationStatusCodes.Lookup(c) is not null).Distinct()];

    [Fact]
    public async Task Every_row_holds_or_is_explained()
    {
        var corpus = SharedFolder.RequireCorpus();
        var checkedRows = 0;
        var explained = new List<string>();
        var problems = new List<string>();
        var unusedExplanations = new HashSet<string>(Explained.Keys, StringComparer.Ordinal);
        foreach (var row in Rows(corpus))
        {
            var key = $"{row.Folder}/{row.Path}";
            if (!File.Exists(row.File) || !Folders.TryGetValue(row.Folder, out var setup))
            {
                continue;
            }

            checkedRows++;
            var at = RowTimes.TryGetValue(key, out var rowTime) ? rowTime : setup.At;
            var (state, active, everywhere) = await OursAsync(corpus, row, setup with { At = at });
            var problem = Check(row, state, active, everywhere);
            var line = $"{key} ({row.OutcomeClass}): ours {state} [{string.Join(", ", active)}]";
            if (problem is null)
            {
                if (Explained.ContainsKey(key))
                {
                    problems.Add($"{line} — listed as explained but now agrees with its row");
                }

                continue;
            }

            unusedExplanations.Remove(key);
            if (Explained.TryGetValue(key, out var why))
            {
                explained.Add($"{line} — {why.Reason}");
            }
            else
            {
                problems.Add($"{line} — {problem}");
            }
        }

        foreach (var line in explained.Concat(problems))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"{checkedRows} rows checked; {checkedRows - explained.Count - problems.Count} agree; {explained.Count} explained (spec decides)");
        Assert.True(checkedRows > 0, "no MANIFEST.tsv row could be checked");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(unusedExplanations.Count == 0, "explained rows not in the corpus: " + string.Join(", ", unusedExplanations));
    }

    /// <summary>Null when ours meets the row's expectation, else what is wrong.</summary>
    private static string? Check(Row row, string state, IReadOnlyList<string> active, IReadOnlySet<string> everywhere)
    {
        if (row.OutcomeClass == "invalid")
        {
            var missing = StatedCodes(row.Expected).Where(c => !everywhere.Contains(c)).ToList();
            return missing.Count > 0 ? $"missing stated code(s) {string.Join(", ", missing)}"
                : state != "Invalid" ? "the row says invalid" : null;
        }

        var expiredAllowed = row.Expected.Contains("expired", StringComparison.OrdinalIgnoreCase) && !row.Expected.Contains("timestamp", StringComparison.OrdinalIgnoreCase)
            && !row.Expected.Contains("time-stamp", StringComparison.OrdinalIgnoreCase);
        var extra = active.Where(c => c != ValidationStatusCodes.SigningCredentialUntrusted
            && !(expiredAllowed && c == ValidationStatusCodes.ClaimSignatureOutsideValidity)).ToList();
        if (extra.Count > 0)
        {
            return $"failure(s) beyond trust: {string.Join(", ", extra)}";
        }

        return row.OutcomeClass == "valid-trusted" && state != "Trusted" ? "the row says trusted under its anchors" : null;
    }

    private static async Task<(string State, IReadOnlyList<string> Active, IReadOnlySet<string> Everywhere)> OursAsync(
        string corpus, Row row, (string[] Signers, string[] Tsas, DateTimeOffset At) setup)
    {
        var trust = new TrustStoreBuilder().AddSignerEkusFromConfig(
            row.Folder == "c2pa-video-player" ? await File.ReadAllTextAsync(System.IO.Path.Combine(corpus, "c2pa-video-player/react-c2pa-player/trust/c2pa_store.cfg"), TestContext.Current.CancellationToken) : "");
        foreach (var pem in setup.Signers)
        {
            trust.AddSignerAnchorsFromPem(await File.ReadAllTextAsync(System.IO.Path.Combine(corpus, pem), TestContext.Current.CancellationToken));
        }

        foreach (var pem in setup.Tsas)
        {
            trust.AddTimeStampAnchorsFromPem(await File.ReadAllTextAsync(System.IO.Path.Combine(corpus, pem), TestContext.Current.CancellationToken));
        }

        var options = new ReaderOptions { Validation = new ValidationOptions { Trust = trust.Build(), ValidationTime = setup.At } };
        try
        {
            Reader reader;
            if (row.Path.EndsWith("dashinit.mp4", StringComparison.Ordinal) || row.Path.EndsWith("dash1.m4s", StringComparison.Ordinal))
            {
                // The rows say: validate the initialization segment together with its fragment.
                var folder = System.IO.Path.GetDirectoryName(row.File)!;
                reader = await Reader.ReadFragmentFilesAsync(System.IO.Path.Combine(folder, "dashinit.mp4"), "dash1.m4s", options, TestContext.Current.CancellationToken);
            }
            else
            {
                reader = await Reader.ReadFileAsync(row.File, options, TestContext.Current.CancellationToken);
            }

            var report = reader.Validation!;
            var everywhere = new HashSet<string>(StringComparer.Ordinal);
            foreach (var codes in report.Results.IngredientDeltas.Select(d => d.ValidationDeltas).Prepend(report.Results.ActiveManifest))
            {
                everywhere.UnionWith(codes.Failure.Concat(codes.Informational).Select(f => f.Code));
            }

            return (report.State.ToString(), [.. report.Failures.Select(f => f.Code).Distinct().Order(StringComparer.Ordinal)], everywhere);
        }
        catch (Exception e) when (e is MalformedContentException or NoManifestException or NotSupportedException)
        {
            var codes = new HashSet<string>(StringComparer.Ordinal);
            if (e is MalformedContentException { StatusCode: var code })
            {
                codes.Add(code);
            }

            return ("error", [e.GetType().Name + ": " + e.Message], codes);
        }
    }
}
