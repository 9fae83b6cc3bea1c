using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MediaTrust.Validation;

namespace MediaTrust.TrustProfiles.Indicators;

/// <summary>
/// Builds the Trust Indicator Set of an asset (JPEG Trust, ISO/IEC 21617-1 2nd ed. §4.5.2):
/// <c>@context</c>, <c>asset_info</c> (SHA-256 of the whole file), <c>declaration</c> (the Trust Declaration, a
/// <c>c2md</c> manifest, when there is one), <c>manifests[]</c> (active first) with assertions
/// keyed by label, <c>claim.v2</c>/<c>claim</c>, <c>claim_signature</c> and a per-manifest <c>status</c>,
/// <c>content</c>, <c>metadata</c> (EXIF, XMP, IPTC flattened with prefixes) and <c>extras:validation_status</c>.
/// </summary>
/// <example><code>
/// JsonObject indicators = await TrustIndicatorSet.FromFileAsync("photo.jpg");
/// </code></example>
public static class TrustIndicatorSet
{
    /// <summary>The <c>@context</c> written (the evaluator samples' form).</summary>
    public const string ContextUri = "https://jpeg.org/jpegtrust";

    /// <summary>Reads, validates (with <paramref name="options"/>) and describes an asset file.</summary>
    /// <exception cref="NotSupportedException">The file is not a format MediaTrust reads.</exception>
    public static async Task<JsonObject> FromFileAsync(string path, ReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var indicators = new JsonObject { ["@context"] = new JsonArray(ContextUri) };
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            indicators["asset_info"] = new JsonObject { ["alg"] = "sha256", ["hash"] = Convert.ToBase64String(hash) };
        }

        Reader? reader = null;
        string? error = null;
        try
        {
            reader = await Reader.ReadFileAsync(path, options, cancellationToken).ConfigureAwait(false);
        }
        catch (NoManifestException)
        {
            // no provenance: manifests stays empty
        }
        catch (MalformedContentException e)
        {
            error = $"{e.StatusCode}: {e.Message}";
        }

        var manifests = reader is null ? new JsonArray() : Manifests(JsonNode.Parse(reader.ToCrJson())!.AsObject());
        if (reader is not null && TakeDeclaration(manifests, reader) is { } declaration)
        {
            indicators["declaration"] = declaration;
        }

        indicators["manifests"] = manifests;
        var (content, metadata) = MediaMetadata.Read(path, reader?.MediaType);
        indicators["content"] = content;
        indicators["metadata"] = metadata;
        indicators["extras:validation_status"] = ValidationStatus(reader?.Validation, error);
        return indicators;
    }

    /// <summary>
    /// The <c>metadata</c> indicator of an asset file alone (EXIF, XMP and IPTC flattened with prefixes, ISO/IEC 21617-1
    /// §4.6.7), e.g. for the IPTC digital source type in its XMP (<c>iptc4xmpExt:DigitalSourceType</c>).
    /// </summary>
    /// <param name="path">The asset file.</param>
    /// <param name="mediaType">Its media type when known (<see cref="Reader.MediaType"/>), which picks the reader.</param>
    public static JsonObject Metadata(string path, string? mediaType)
    {
        ArgumentNullException.ThrowIfNull(path);
        return MediaMetadata.Read(path, mediaType).Metadata;
    }

    /// <summary>Turns a crJSON document's manifests into indicator-set manifests.</summary>
    public static JsonArray Manifests(JsonObject crJson)
    {
        ArgumentNullException.ThrowIfNull(crJson);
        var result = new JsonArray();
        if (crJson["manifests"] is not JsonArray manifests)
        {
            return result;
        }

        var active = manifests.Count > 0 ? manifests[0] as JsonObject : null;
        foreach (var node in manifests)
        {
            if (node is not JsonObject manifest)
            {
                continue;
            }

            var label = manifest["label"]?.ToString() ?? "";
            var entry = new JsonObject { ["label"] = label };
            entry["assertions"] = PlainBytes(manifest["assertions"]);
            var claimKey = manifest.ContainsKey("claim.v2") ? "claim.v2" : "claim";
            var claim = PlainBytes(manifest[claimKey]) as JsonObject ?? new JsonObject();
            entry[claimKey] = claim;
            if (manifest["signature"]?["certificateInfo"] is JsonObject certificate)
            {
                entry["claim_signature"] = new JsonObject
                {
                    ["algorithm"] = manifest["signature"]?["algorithm"]?.DeepClone(),
                    ["serial_number"] = certificate["serialNumber"]?.DeepClone(),
                    ["issuer"] = certificate["issuer"]?.DeepClone(),
                    ["subject"] = certificate["subject"]?.DeepClone(),
                    ["validity"] = new JsonObject
                    {
                        ["not_before"] = certificate["validity"]?["notBefore"]?.DeepClone(),
                        ["not_after"] = certificate["validity"]?["notAfter"]?.DeepClone(),
                    },
                };
                if (manifest["signature"]?["timeStampInfo"]?["timestamp"] is { } time)
                {
                    entry["claim_signature"]!["timestamp"] = time.DeepClone();
                }
            }

            // The manifest's own results: its crJSON validationResults (the active manifest's, or the ingredient
            // delta naming it), plus codes of the active results whose URL points into this manifest.
            var findings = new List<(string Code, string? Url, bool Failure)>();
            Collect(manifest["validationResults"], findings, null);
            if (!ReferenceEquals(manifest, active) && active is not null)
            {
                Collect(active["validationResults"], findings, "/c2pa/" + label + "/");
            }

            if (manifest.ContainsKey("validationResults") || findings.Count > 0)
            {
                var status = Status(findings);
                entry["status"] = status;

                // ISO/IEC 21617-1 1st-edition form: the same verdicts inside the claim, which published profiles read
                // as manifests[0].'claim.v2'.content_status.
                claim["signature_status"] = status["signature"]?.DeepClone();
                claim["assertion_status"] = status["assertion"]?.DeepClone();
                claim["content_status"] = status["content"]?.DeepClone();
            }

            result.Add((JsonNode)entry); // the JsonNode overload: Add<T> is not AOT-safe
        }

        return result;
    }

    /// <summary>
    /// Moves the Trust Declaration out of <paramref name="manifests"/>: the manifest whose JUMBF box has the type
    /// <c>c2md</c> (ISO/IEC 21617-1 §4.4.4; the UUID 63326D64-0011-0010-8000-00AA00389B71 is known from the MIPAMS
    /// reference software only). C2PA 2.2 §11.2.2 makes the same type an accepted alternate for a standard manifest,
    /// so it was read and validated like any other. When several manifests have the type, the first in provenance
    /// order (active first) is the declaration and the others stay in <c>manifests</c>.
    /// </summary>
    private static JsonObject? TakeDeclaration(JsonArray manifests, Reader reader)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifest in reader.Manifests)
        {
            if (manifest.IsTrustDeclaration)
            {
                labels.Add(manifest.Label);
            }
        }

        for (var i = 0; labels.Count > 0 && i < manifests.Count; i++)
        {
            if (manifests[i] is JsonObject manifest && labels.Contains(manifest["label"]?.ToString() ?? ""))
            {
                manifests.RemoveAt(i);
                return manifest;
            }
        }

        return null;
    }

    private static void Collect(JsonNode? results, List<(string, string?, bool)> findings, string? urlFilter)
    {
        foreach (var bucket in (string[])["success", "informational", "failure"])
        {
            if (results?[bucket] is not JsonArray items)
            {
                continue;
            }

            foreach (var item in items)
            {
                var code = item?["code"]?.ToString();
                var url = item?["url"]?.ToString();
                if (code is null || (urlFilter is not null && (url is null || !url.Contains(urlFilter, StringComparison.Ordinal))))
                {
                    continue;
                }

                findings.Add((code, url, bucket == "failure"));
            }
        }
    }

    /// <summary>
    /// The ISO/IEC 21617-1 2nd-edition <c>status</c>: one code each for the signature, the hard binding (content) and
    /// the signer's trust, a failure winning over a success; and per assertion label the code about it.
    /// </summary>
    private static JsonObject Status(List<(string Code, string? Url, bool Failure)> findings)
    {
        string? Pick(params string[] prefixes)
        {
            string? success = null;
            foreach (var (code, _, failure) in findings)
            {
                if (!prefixes.Any(p => code.StartsWith(p, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (failure)
                {
                    return code;
                }

                // claimSignature.validated / signingCredential.trusted say more than insideValidity / ocsp.skipped
                if (success is null || code.EndsWith(".validated", StringComparison.Ordinal) || code.EndsWith(".trusted", StringComparison.Ordinal) || code.EndsWith(".match", StringComparison.Ordinal))
                {
                    success = code;
                }
            }

            return success;
        }

        var assertions = new JsonObject();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (code, url, failure) in findings)
        {
            const string Store = "/c2pa.assertions/";
            var at = url?.LastIndexOf(Store, StringComparison.Ordinal) ?? -1;
            if (at < 0 || !code.StartsWith("assertion.", StringComparison.Ordinal))
            {
                continue;
            }

            var label = url![(at + Store.Length)..];
            if (failed.Contains(label))
            {
                continue;
            }

            // A hard-binding verdict says more than the hashed-URI match of the same assertion.
            if (failure || !assertions.ContainsKey(label) || !code.StartsWith("assertion.hashedURI", StringComparison.Ordinal))
            {
                assertions[label] = code;
            }

            if (failure)
            {
                failed.Add(label);
            }
        }

        return new JsonObject
        {
            ["signature"] = Pick("claimSignature."),
            ["assertion"] = assertions,
            ["content"] = Pick("assertion.dataHash.", "assertion.bmffHash.", "assertion.boxesHash.", "assertion.collectionHash."),
            ["trust"] = Pick("signingCredential."),
        };
    }

    private static JsonObject ValidationStatus(ValidationReport? validation, string? error)
    {
        var entries = new JsonArray();
        var errors = new JsonArray();
        if (validation is not null)
        {
            void Add(IReadOnlyList<ValidationFinding> findings, string severity)
            {
                foreach (var f in findings)
                {
                    entries.Add((JsonNode)new JsonObject { ["code"] = f.Code, ["url"] = f.Url, ["explanation"] = f.Explanation, ["severity"] = severity });
                    if (severity == "error")
                    {
                        errors.Add((JsonNode)new JsonObject { ["code"] = f.Code, ["message"] = f.Explanation, ["severity"] = "error" });
                    }
                }
            }

            Add(validation.Results.ActiveManifest.Success, "info");
            Add(validation.Results.ActiveManifest.Informational, "warning");
            Add(validation.Results.ActiveManifest.Failure, "error");
        }

        var status = new JsonObject
        {
            ["isValid"] = error is null && (validation is null || validation.Results.ActiveManifest.Failure.Count == 0),
            ["error"] = error,
            ["validationErrors"] = errors,
            ["entries"] = entries,
            ["validationState"] = validation?.State.ToString(),
        };
        if (validation is not null)
        {
            status["trust"] = Trust(validation);

            // CAWG identity 1.3: who stands behind the content (names, roles, verified accounts, trusted or not), and the
            // owner's AI use preferences, in the verdict's JSON shape (docs/jpeg-trust.md, "Trust Indicator Set").
            var verdict = Verdict.Of(validation).ToJson();
            status["identity"] = verdict["axes"]?["identity"]?.DeepClone();
            status["identities"] = verdict["identities"]?.DeepClone() ?? new JsonArray();
            status["trainingMining"] = verdict["trainingMining"]?.DeepClone() ?? new JsonArray();
        }

        return status;
    }

    /// <summary>
    /// Which trust list decided (name, issue date, entity) and which signer lists were in use, so a profile can say
    /// "on the C2PA Trust List (issued …)" (docs/jpeg-trust.md, "Trust Indicator Set"); and why a present time-stamp was not relied on.
    /// </summary>
    private static JsonObject Trust(ValidationReport validation)
    {
        static JsonObject List(Pki.TrustListInfo list) => new()
        {
            ["name"] = list.Name,
            ["kind"] = char.ToLowerInvariant(list.Kind.ToString()[0]) + list.Kind.ToString()[1..],
            ["issued"] = list.IssueDate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };

        var trust = new JsonObject();
        if (validation.TrustedBy is { } by)
        {
            var decided = List(by);
            decided["entity"] = validation.TrustedEntity;
            trust["decidedBy"] = decided;
        }

        trust["listsInUse"] = new JsonArray([.. validation.TrustListsInUse.Select(l => (JsonNode)List(l))]);
        if (validation.TimeStampNotReliedOn is { } ignored)
        {
            trust["timeStampNotReliedOn"] = new JsonObject { ["code"] = ignored.Code, ["reason"] = ignored.Reason };
        }

        return trust;
    }

    /// <summary>crJSON writes byte strings <c>b64'…'</c>; the indicator set uses plain base64.</summary>
    private static JsonNode? PlainBytes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (k, v) in obj)
                {
                    copy[k] = PlainBytes(v);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var v in array)
                {
                    items.Add(PlainBytes(v));
                }

                return items;
            case JsonValue value when value.TryGetValue<string>(out var s) && s.Length >= 5 && s.StartsWith("b64'", StringComparison.Ordinal) && s.EndsWith('\''):
                return JsonValue.Create(s[4..^1]);
            default:
                return node?.DeepClone();
        }
    }
}
