using System.Globalization;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.IO;

namespace MediaTrust.Json;

/// <summary>
/// The detailed view (c2pa-rs <c>--detailed</c>): per manifest the decoded claim, the
/// assertion store (label → content; binary content as <c>"&lt;omitted&gt; len = N"</c>) and the
/// signature. No validation keys: reading computes no verdict.
/// </summary>
internal static class DetailedJson
{
    public static JsonObject Build(StoreView store)
    {
        var manifests = new JsonObject();
        for (var i = 0; i < store.Store.Manifests.Count; i++)
        {
            var manifest = store.Store.Manifests[i];
            var view = store.Manifests[i];
            var assertions = new JsonObject();
            foreach (var assertion in manifest.Assertions)
            {
                assertions[assertion.Label] = Content(assertion);
            }

            JsonNode? claim;
            try
            {
                claim = ReaderJson.ToPlain(manifest.GetClaim().Tree);
            }
            catch (MalformedContentException e)
            {
                claim = $"<invalid> {e.Reason}"; // as for an assertion that does not decode
            }

            var json = new JsonObject
            {
                ["claim"] = claim,
                ["assertion_store"] = assertions,
            };
            if (view.SignatureInfo is { } signature)
            {
                json["signature"] = signature;
            }

            manifests[manifest.Label] = json;
        }

        var report = new JsonObject
        {
            ["active_manifest"] = store.Store.ActiveManifest?.Label,
            ["manifests"] = manifests,
        };
        if (store.Validation is { } validation)
        {
            ReaderJson.AddValidation(report, validation);
        }

        return report;
    }

    private static JsonNode? Content(Assertion assertion)
    {
        switch (assertion.Kind)
        {
            case AssertionKind.Cbor:
            case AssertionKind.Json:
                try
                {
                    return ReaderJson.ToPlain(assertion.DecodeData());
                }
                catch (MalformedContentException e)
                {
                    return $"<invalid> {e.Reason}";
                }

            case AssertionKind.Uuid:
                return $"uuid: {assertion.UuidType:N}, data: {Convert.ToBase64String(assertion.Data.Span)}";
            default:
                return "<omitted> len = " + assertion.Data.Length.ToString(CultureInfo.InvariantCulture);
        }
    }
}
