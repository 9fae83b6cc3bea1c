using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MediaTrust.Json;
using MediaTrust.Validation;

namespace MediaTrust.Server;

/// <summary>
/// The answer of <c>POST /api/v1/verify</c> (docs/server.md): the verdict with every axis in words (the CLI's wording,
/// <see cref="Verdict"/>), and per manifest what the page shows: the app or device, signer and time, the AI signal,
/// the actions in words, the ingredients, and the c2pa-rs Reader JSON. Thumbnails are inline as <c>data:</c> URIs only
/// when asked for (<c>?thumbnails</c>, as the page does): the Reader JSON names them by identifier, as c2pa-rs's does, and
/// inlining them made the default answer as large as the file (docs/benchmarks.md, "Web verifier").
/// </summary>
internal static class VerifyResponse
{
    /// <summary>Largest thumbnail inlined; a larger one is left out (the page shows none).</summary>
    private const int MaxThumbnailBytes = 1 << 20;

    /// <summary>Most thumbnail bytes inlined into one response.</summary>
    private const int MaxThumbnailTotal = 16 << 20;

    private static readonly HashSet<string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/heic", "image/bmp",
    };

    /// <summary>Whether a thumbnail of this media type may be inlined as a <c>data:</c> URI the page shows as an image.</summary>
    internal static bool IsInlineImage(string mediaType) => ImageTypes.Contains(mediaType);

    /// <summary>The identifier the Reader JSON gives a resource (spec 2.2 §8.4.1, an absolute JUMBF URI).</summary>
    internal static string IdentifierOf(ReaderResource resource) => Manifests.JumbfUri.ForAssertion(resource.ManifestLabel, resource.AssertionLabel);

    /// <summary>The answer as a tree; inline thumbnails are values whose bytes are only encoded when the tree is written.</summary>
    public static JsonObject Build(string name, Verification verification, Func<JsonObject?> metadata, bool detailed, bool crJson, bool thumbnails)
    {
        var reader = verification.Reader;
        var json = new JsonObject
        {
            ["file"] = new JsonObject
            {
                ["name"] = name,
                ["size"] = verification.Bytes,
                ["mediaType"] = reader?.MediaType,
            },
            ["verdict"] = Verdict(verification.Verdict, name),
        };
        if (reader is null)
        {
            json["ai"] = AiFromMetadata(metadata, null);
            return json;
        }

        var inline = thumbnails ? Thumbnails(reader) : null;
        var manifests = new JsonArray();
        foreach (var manifest in reader.Manifests)
        {
            manifests.Add((JsonNode)Manifest(manifest, reader, inline));
        }

        json["activeManifest"] = reader.ActiveManifestLabel;
        json["manifests"] = manifests;
        json["ai"] = AiFromMetadata(metadata, reader.ActiveManifest is { } active ? AiOf(active) : null);
        // The views' trees go into the answer as built: making each a string and parsing it back cost a copy of each.
        var view = ReaderViewJson.StoreView(reader);
        json["reader"] = ReaderJson.Build(view);
        if (detailed)
        {
            json["detailed"] = DetailedJson.Build(view);
        }

        if (crJson)
        {
            json["crjson"] = CrJson.Build(view);
        }

        return json;
    }

    /// <summary>The verdict: the <c>--json-lines</c> object, the banner title, the CLI's text, and every axis in words.</summary>
    public static JsonObject Verdict(Verdict verdict, string name)
    {
        var json = verdict.ToJson();
        json["title"] = verdict.Title;
        json["headline"] = verdict.Headline;
        json["text"] = verdict.Describe(name);
        if (verdict.Report is { } report)
        {
            json["words"] = new JsonObject
            {
                ["source"] = MediaTrust.Verdict.Words(report.Axes.Source),
                ["integrity"] = MediaTrust.Verdict.Words(report.Axes.Integrity),
                ["signature"] = MediaTrust.Verdict.Words(report.Axes.Signature),
                ["signerTrust"] = MediaTrust.Verdict.TrustWords(report),
                ["timeStamp"] = MediaTrust.Verdict.Words(report.Axes.TimeStamp),
                ["revocation"] = MediaTrust.Verdict.Words(report.Axes.Revocation),
                ["conformance"] = MediaTrust.Verdict.Words(report.Axes.Conformance),
                ["identity"] = report.Axes.Identity == IdentityStatus.None ? null : MediaTrust.Verdict.Words(report.Axes.Identity),
                ["signer"] = report.Signer is { } signer ? MediaTrust.Verdict.SignerWords(signer) : null,
                ["signed"] = MediaTrust.Verdict.SigningTimeWords(report),
                ["identities"] = new JsonArray([.. report.Identities.Select(i => (JsonNode)JsonValue.Create(MediaTrust.Verdict.IdentityWords(i)))]),
                ["trainingMining"] = report.TrainingMining.Count == 0 ? null : MediaTrust.Verdict.TrainingMiningWords(report.TrainingMining),
            };
            if (json["failures"] is JsonArray failures)
            {
                foreach (var failure in failures.OfType<JsonObject>())
                {
                    failure["meaning"] = MediaTrust.Verdict.MeaningOf(failure["code"]!.GetValue<string>());
                }
            }

            json["informational"] = Findings(report.Results.ActiveManifest.Informational);
            json["successes"] = Findings(report.Results.ActiveManifest.Success);
        }

        return json;
    }

    private static JsonArray Findings(IEnumerable<ValidationFinding> findings)
    {
        var array = new JsonArray();
        foreach (var finding in findings)
        {
            array.Add((JsonNode)new JsonObject
            {
                ["code"] = finding.Code,
                ["url"] = finding.Url,
                ["explanation"] = finding.Explanation,
                ["meaning"] = MediaTrust.Verdict.MeaningOf(finding.Code),
            });
        }

        return array;
    }

    private static Dictionary<string, InlineThumbnail> Thumbnails(Reader reader)
    {
        var uris = new Dictionary<string, InlineThumbnail>(StringComparer.Ordinal);
        var total = 0;
        foreach (var resource in reader.GetResources())
        {
            var media = resource.MediaType ?? (resource.AssertionLabel.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
            if (!IsInlineImage(media) || resource.Data.Length > MaxThumbnailBytes || total + resource.Data.Length > MaxThumbnailTotal)
            {
                continue;
            }

            total += resource.Data.Length;
            uris[IdentifierOf(resource)] = new InlineThumbnail(media, resource.Data);
        }

        return uris;
    }

    private static JsonObject Manifest(ReaderManifest manifest, Reader reader, Dictionary<string, InlineThumbnail>? thumbnails)
    {
        var failures = new JsonArray();
        if (reader.Validation is { } report)
        {
            var prefix = $"/c2pa/{manifest.Label}/";
            var all = report.Results.ActiveManifest.Failure.Concat(report.Results.IngredientDeltas.SelectMany(d => d.ValidationDeltas.Failure));
            // CAWG codes are the identity axis (the "Who" lines): they never make a manifest invalid (docs/validation.md).
            foreach (var finding in all.Where(f => f.Url is { } url && url.Contains(prefix, StringComparison.Ordinal) && !Spec.ValidationStatusCodes.IsCawg(f.Code))
                .DistinctBy(f => (f.Code, f.Url)))
            {
                failures.Add((JsonNode)new JsonObject { ["code"] = finding.Code, ["url"] = finding.Url, ["explanation"] = finding.Explanation });
            }
        }

        var json = new JsonObject
        {
            ["label"] = manifest.Label,
            ["isActive"] = manifest.Label == reader.ActiveManifestLabel,
            ["title"] = manifest.Title,
            ["format"] = manifest.Format,
            ["app"] = AppOf(manifest),
            ["signer"] = manifest.SignatureInfo is { } signature
                ? new JsonObject { ["commonName"] = signature.CommonName, ["organization"] = signature.Issuer, ["algorithm"] = signature.Algorithm }
                : null,
            ["time"] = manifest.SignatureInfo?.Time?.ToString("O", CultureInfo.InvariantCulture),
            ["ai"] = AiOf(manifest),
            ["actions"] = Actions(manifest),
            ["failures"] = failures,
            ["state"] = failures.Count > 0 ? "invalid" : "valid",
            ["identities"] = new JsonArray([.. IdentitiesOf(manifest, reader).Select(i => (JsonNode)JsonValue.Create(MediaTrust.Verdict.IdentityWords(i)))]),
        };
        if (thumbnails is not null)
        {
            json["thumbnail"] = InlineThumbnail.Node(thumbnails, manifest.Thumbnail);
        }

        var ingredients = new JsonArray();
        foreach (var ingredient in manifest.Ingredients)
        {
            var entry = new JsonObject
            {
                ["title"] = ingredient.Title,
                ["format"] = ingredient.Format,
                ["relationship"] = ingredient.Relationship,
                ["relationshipWords"] = ingredient.Relationship switch
                {
                    "parentOf" => "the asset this one was made from",
                    "inputTo" => "an input to a generative or other process",
                    _ => "a component placed in this asset",
                },
                ["manifest"] = ingredient.ActiveManifest,
                ["recordedStatus"] = RecordedStatus(ingredient.ValidationResults),
            };
            if (thumbnails is not null)
            {
                entry["thumbnail"] = InlineThumbnail.Node(thumbnails, ingredient.Thumbnail);
            }

            ingredients.Add((JsonNode)entry);
        }

        json["ingredients"] = ingredients;
        return json;
    }

    /// <summary>The validated CAWG identities of one manifest: the active one's, or an ingredient manifest's.</summary>
    private static IReadOnlyList<IdentityAssertionReport> IdentitiesOf(ReaderManifest manifest, Reader reader) =>
        reader.Validation is not { } report ? []
        : manifest.Label == reader.ActiveManifestLabel ? report.Identities
        : report.IngredientIdentities.GetValueOrDefault(manifest.Label) ?? [];

    /// <summary>The app or device that made the manifest: the claim generator info's name and version, else the v1 string.</summary>
    private static string? AppOf(ReaderManifest manifest)
    {
        foreach (var info in manifest.ClaimGeneratorInfo)
        {
            if (info["name"] is JsonValue name && name.TryGetValue<string>(out var text))
            {
                return info["version"] is JsonValue version && version.TryGetValue<string>(out var v) ? $"{text} {v}" : text;
            }
        }

        return manifest.ClaimGenerator;
    }

    /// <summary>What the ingredient's signer recorded about it: <c>invalid</c> when its results list a failure, else <c>valid</c>; null when none.</summary>
    private static string? RecordedStatus(JsonNode? results)
    {
        if (results is null)
        {
            return null;
        }

        var text = results.ToJsonString();
        return text.Contains("\"failure\":[{", StringComparison.Ordinal) ? "invalid" : "valid";
    }

    private static IEnumerable<JsonObject> ActionObjects(ReaderManifest manifest) =>
        manifest.Assertions.Where(a => a.Label.StartsWith("c2pa.actions", StringComparison.Ordinal))
            .SelectMany(a => a.Data?["actions"] as JsonArray ?? []).OfType<JsonObject>();

    private static JsonArray Actions(ReaderManifest manifest)
    {
        var actions = new JsonArray();
        foreach (var action in ActionObjects(manifest))
        {
            var name = action["action"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            var source = SourceType(action);
            actions.Add((JsonNode)new JsonObject
            {
                ["action"] = name,
                ["words"] = ActionWords(name),
                ["when"] = action["when"]?.DeepClone(),
                ["softwareAgent"] = action["softwareAgent"] is JsonObject agent ? agent["name"]?.DeepClone() : action["softwareAgent"]?.DeepClone(),
                ["digitalSourceType"] = source,
                ["sourceWords"] = source is null ? null : SourceWords(source),
            });
        }

        return actions;
    }

    private static string? SourceType(JsonObject action) =>
        action["digitalSourceType"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// The AI signal of a manifest from the IPTC digital source types of its actions (spec 2.2 §18.12.3, the IPTC
    /// NewsCodes vocabulary): <c>generated</c> when the content was created by generative AI, <c>edited</c> when AI took part.
    /// </summary>
    private static JsonObject? AiOf(ReaderManifest manifest)
    {
        string? kind = null;
        string? source = null;
        foreach (var action in ActionObjects(manifest))
        {
            if (SourceType(action) is not { } type)
            {
                continue;
            }

            var short_ = type[(type.LastIndexOf('/') + 1)..];
            var created = action["action"]?.ToString() == "c2pa.created";
            if (short_ is "trainedAlgorithmicMedia" && created)
            {
                kind = "generated";
                source = type;
            }
            else if (short_ is "trainedAlgorithmicMedia" or "compositeWithTrainedAlgorithmicMedia" or "compositeSynthetic" && kind is null)
            {
                kind = "edited";
                source = type;
            }
        }

        return kind is null ? null : new JsonObject { ["kind"] = kind, ["digitalSourceType"] = source, ["from"] = "c2pa.actions" };
    }

    /// <summary>The AI signal from the assertions, else from the IPTC digital source type in the asset's XMP metadata.</summary>
    /// <summary>The AI signal of the manifests, else the IPTC digital source type of the asset's XMP (read only then: it re-reads the upload).</summary>
    private static JsonObject? AiFromMetadata(Func<JsonObject?> readMetadata, JsonObject? fromAssertions)
    {
        if (fromAssertions is not null || readMetadata() is not { } metadata)
        {
            return fromAssertions;
        }

        var type = (metadata["iptc4xmpExt:DigitalSourceType"] ?? metadata["Iptc4xmpExt:DigitalSourceType"])?.ToString();
        if (type is null)
        {
            return null;
        }

        var short_ = type[(type.LastIndexOf('/') + 1)..];
        var kind = short_ switch
        {
            "trainedAlgorithmicMedia" => "generated",
            "compositeWithTrainedAlgorithmicMedia" or "compositeSynthetic" => "edited",
            _ => null,
        };
        return kind is null ? null : new JsonObject { ["kind"] = kind, ["digitalSourceType"] = type, ["from"] = "IPTC metadata (XMP)" };
    }

    /// <summary>A C2PA action (spec 2.2 §18.12.2, the standard actions) in words.</summary>
    public static string ActionWords(string? action) => action switch
    {
        "c2pa.created" => "Created",
        "c2pa.opened" => "Opened an existing file",
        "c2pa.edited" => "Edited",
        "c2pa.edited.metadata" => "Edited the metadata",
        "c2pa.placed" => "Placed another asset in it",
        "c2pa.removed" => "Removed an ingredient",
        "c2pa.cropped" => "Cropped",
        "c2pa.resized" => "Resized",
        "c2pa.color_adjustments" => "Adjusted the colours",
        "c2pa.filtered" => "Applied a filter",
        "c2pa.drawing" => "Drew on it",
        "c2pa.orientation" => "Changed the orientation",
        "c2pa.converted" => "Converted to another format",
        "c2pa.transcoded" => "Transcoded",
        "c2pa.repackaged" => "Repackaged without re-encoding",
        "c2pa.published" => "Published",
        "c2pa.redacted" => "Redacted",
        "c2pa.watermarked" => "Watermarked",
        "c2pa.watermarked.bound" => "Watermarked (bound)",
        "c2pa.unknown" => "Something unspecified was done",
        "c2pa.produced" => "Produced",
        "c2pa.translated" => "Translated",
        "c2pa.enhanced" => "Enhanced",
        null => "An action with no name",
        _ => $"Action {action}",
    };

    /// <summary>An IPTC digital source type (NewsCodes) in words.</summary>
    public static string SourceWords(string type) => type[(type.LastIndexOf('/') + 1)..] switch
    {
        "trainedAlgorithmicMedia" => "made by generative AI",
        "compositeWithTrainedAlgorithmicMedia" => "combined with generative-AI content",
        "compositeSynthetic" => "combined with synthetic content",
        "algorithmicMedia" => "made by an algorithm without training data",
        "digitalCapture" => "captured by a camera or recorder",
        "computationalCapture" => "captured with computational processing",
        "negativeFilm" or "positiveFilm" or "print" => "digitised from film or print",
        "minorHumanEdits" => "with minor human edits",
        "humanEdits" => "edited by a person",
        "compositeCapture" => "combined from several captures",
        "composite" => "a composite",
        "screenCapture" => "a screen capture",
        "virtualRecording" => "a recording of a virtual scene",
        "digitalCreation" or "digitalArt" => "created digitally by a person",
        "dataDrivenMedia" => "generated from data",
        "algorithmicallyEnhanced" => "enhanced by an algorithm",
        _ => "source: " + type,
    };
}

/// <summary>
/// A thumbnail inline in the answer as a <c>data:</c> URI. The node holds the manifest's bytes; the base64 is encoded into a
/// pooled buffer and handed to the <see cref="Utf8JsonWriter"/> when the answer is written, so no UTF-16 string of it is
/// ever made (docs/benchmarks.md, "Web verifier"). The media type is one of a fixed set and base64 needs no escaping, so
/// the value is written raw.
/// </summary>
internal sealed record InlineThumbnail(string MediaType, ReadOnlyMemory<byte> Data)
{
    private static readonly JsonTypeInfo<InlineThumbnail> TypeInfo =
        (JsonTypeInfo<InlineThumbnail>)new JsonSerializerOptions { TypeInfoResolver = new Resolver() }.GetTypeInfo(typeof(InlineThumbnail));

    /// <summary>The node for a thumbnail reference: null when there is none, or it was not inlined (too large, not an image).</summary>
    public static JsonNode? Node(Dictionary<string, InlineThumbnail> thumbnails, ReaderResourceRef? reference) =>
        reference is not null && thumbnails.TryGetValue(reference.Identifier, out var thumbnail) ? JsonValue.Create(thumbnail, TypeInfo) : null;

    /// <summary>The <c>data:</c> URI as text (tests).</summary>
    public override string ToString() => $"data:{MediaType};base64,{Convert.ToBase64String(Data.Span)}";

    private sealed class Resolver : IJsonTypeInfoResolver
    {
        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
            type == typeof(InlineThumbnail) ? JsonMetadataServices.CreateValueInfo<InlineThumbnail>(options, new Converter()) : null;
    }

    private sealed class Converter : JsonConverter<InlineThumbnail>
    {
        public override InlineThumbnail Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("An inline thumbnail is only written.");

        public override void Write(Utf8JsonWriter writer, InlineThumbnail value, JsonSerializerOptions options)
        {
            var prefix = $"\"data:{value.MediaType};base64,";
            var length = Encoding.ASCII.GetByteCount(prefix) + Base64.GetMaxEncodedToUtf8Length(value.Data.Length) + 1;
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var written = Encoding.ASCII.GetBytes(prefix, buffer);
                Base64.EncodeToUtf8(value.Data.Span, buffer.AsSpan(written), out _, out var encoded);
                written += encoded;
                buffer[written++] = (byte)'"';
                writer.WriteRawValue(buffer.AsSpan(0, written), skipInputValidation: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
