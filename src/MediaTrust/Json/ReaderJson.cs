using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Cose;

namespace MediaTrust.Json;

/// <summary>
/// The Reader JSON of c2pa-rs (<c>c2patool FILE</c>): <c>active_manifest</c> and
/// <c>manifests</c> with the same key names and shapes, and, when the store was validated,
/// <c>validation_status</c> (failures only, as c2pa-rs), <c>validation_results</c> and
/// <c>validation_state</c>. A read that did not validate carries no verdict.
/// </summary>
internal static class ReaderJson
{
    /// <summary>Indented, with non-ASCII text unescaped, like c2patool's output.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject Build(StoreView view)
    {
        var manifests = new JsonObject();
        foreach (var manifest in view.Manifests)
        {
            manifests[manifest.Label] = manifest.ReaderJson;
        }

        var json = new JsonObject
        {
            ["active_manifest"] = view.Store.ActiveManifest?.Label,
            ["manifests"] = manifests,
        };
        if (view.Validation is { } validation)
        {
            AddValidation(json, validation);
        }

        return json;
    }

    /// <summary>The validation keys of c2pa-rs's Reader JSON (spec 2.2 §15.2.1 validation-results-map).</summary>
    internal static void AddValidation(JsonObject json, Validation.ValidationReport validation)
    {
        var active = validation.Results.ActiveManifest;
        if (active.Failure.Count > 0)
        {
            json["validation_status"] = Statuses(active.Failure);
        }

        var results = new JsonObject { ["activeManifest"] = StatusCodes(active) };
        if (validation.Results.IngredientDeltas.Count > 0)
        {
            results["ingredientDeltas"] = new JsonArray([.. validation.Results.IngredientDeltas.Select(d => (JsonNode)new JsonObject
            {
                ["ingredientAssertionURI"] = d.IngredientAssertionUri,
                ["validationDeltas"] = StatusCodes(d.ValidationDeltas),
            })]);
        }

        json["validation_results"] = results;
        json["validation_state"] = validation.State.ToString();
        json["trust"] = Trust(validation);
    }

    /// <summary>
    /// An extension of c2pa-rs's shape (docs/validation.md, "Default trust"): the list that vouched for the signer
    /// (name, issue date, entity), the lists in use, and why a present time-stamp was not relied on.
    /// </summary>
    private static JsonObject Trust(Validation.ValidationReport validation)
    {
        static JsonObject List(Pki.TrustListInfo list) => new()
        {
            ["name"] = list.Name,
            ["kind"] = list.Kind.ToString(),
            ["issued"] = list.IssueDate?.ToString("O", CultureInfo.InvariantCulture),
        };

        var json = new JsonObject();
        if (validation.TrustedBy is { } by)
        {
            var decided = List(by);
            decided["entity"] = validation.TrustedEntity;
            json["decided_by"] = decided;
        }

        json["lists_in_use"] = new JsonArray([.. validation.TrustListsInUse.Select(l => (JsonNode)List(l))]);
        if (validation.TimeStampNotReliedOn is { } ignored)
        {
            json["time_stamp_not_relied_on"] = new JsonObject { ["code"] = ignored.Code, ["reason"] = ignored.Reason };
        }

        return json;
    }

    private static JsonObject StatusCodes(Validation.StatusCodes codes) => new()
    {
        ["success"] = Statuses(codes.Success),
        ["informational"] = Statuses(codes.Informational),
        ["failure"] = Statuses(codes.Failure),
    };

    private static JsonArray Statuses(IReadOnlyList<Validation.ValidationFinding> findings) =>
        new([.. findings.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["url"] = f.Url, ["explanation"] = f.Explanation })]);

    /// <summary>Re-parses a decoded tree so byte strings become plain base64 strings (public views hold no byte[] values).</summary>
    internal static JsonNode? ToPlain(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());

    /// <summary>COSE algorithm identifiers (RFC 9053) named as c2pa-rs's SigningAlg prints them; other identifiers as numbers.</summary>
    internal static string? AlgorithmName(int? algorithm) =>
        SigningAlgorithms.TryFromCose(algorithm, out var known) ? known.ToC2paRsName() : algorithm?.ToString(CultureInfo.InvariantCulture);

    /// <summary>The genTime of the first time-stamp (spec 2.2 §10.3.2.5), read, not verified.</summary>
    internal static DateTimeOffset? TimeStampTime(CoseSign1 signature) =>
        signature.TimeStampTokens.Count == 0 ? null : Pki.TimeStampToken.TryReadGenTime(signature.TimeStampTokens[0]);

    /// <summary>RFC 3339 in UTC as chrono's <c>to_rfc3339</c> writes it: <c>+00:00</c>, fractions only when present (3, 6 or 9 digits).</summary>
    internal static string Rfc3339(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var ticks = utc.Ticks % TimeSpan.TicksPerSecond;
        var fraction = ticks == 0 ? string.Empty
            : ticks % 10_000 == 0 ? "." + (ticks / 10_000).ToString("000", CultureInfo.InvariantCulture)
            : ticks % 10 == 0 ? "." + (ticks / 10).ToString("000000", CultureInfo.InvariantCulture)
            : "." + (ticks * 100).ToString("000000000", CultureInfo.InvariantCulture);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + fraction + "+00:00";
    }
}
