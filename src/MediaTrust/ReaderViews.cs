using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.IO;
using MediaTrust.Json;
using MediaTrust.Manifests;

namespace MediaTrust;

/// <summary>Builds the public read-only views from the internal model, following what c2pa-rs's Reader shows.</summary>
internal static class ReaderViews
{
    public static ReaderManifest Manifest(ManifestStore store, Manifest manifest, Validation.ValidationReport? validation = null)
    {
        Claim claim;
        try
        {
            claim = manifest.GetClaim();
        }
        catch (MalformedContentException)
        {
            // A manifest whose claim is missing or does not decode (or a compressed one that does not decompress)
            // is shown by its label alone; the validation results say what is wrong with it. The rest still shows.
            return new ReaderManifest { Label = manifest.Label, IsUpdate = manifest.Kind == ManifestKind.Update, IsTrustDeclaration = manifest.IsTrustDeclaration };
        }

        var ingredients = new List<ReaderIngredient>();
        var assertions = new List<ReaderAssertion>();
        foreach (var assertion in InClaimOrder(manifest.Assertions, claim))
        {
            if (IsListedIngredient(assertion.BaseLabel))
            {
                ingredients.Add(Ingredient(store, manifest, assertion));
            }
            else if (IsListed(assertion.BaseLabel) && assertion.Kind is AssertionKind.Cbor or AssertionKind.Json)
            {
                assertions.Add(new ReaderAssertion
                {
                    // c2pa-rs reads c2pa.actions (v1) into its current Actions type and labels it c2pa.actions.v2.
                    Label = assertion.BaseLabel == AssertionLabels.ActionsV1 ? AssertionLabels.ActionsV2 : assertion.BaseLabel,
                    // CAWG identity 1.3: the decoded credential, as c2pa-rs shows it, rather than signature bytes and pads.
                    Data = (assertion.BaseLabel == AssertionLabels.CawgIdentity
                        ? ReaderIdentityJson.Summary(assertion, validation?.IdentityReport(JumbfUri.ForAssertion(manifest.Label, assertion.Label)))
                        : null) ?? DecodeOrNull(assertion),
                    Kind = assertion.Kind == AssertionKind.Json ? "Json" : null,
                    Instance = assertion.Instance > 0 ? assertion.Instance + 1 : null,
                });
            }
        }

        ReaderSignatureInfo? signature = null;
        try
        {
            signature = SignatureInfo(manifest.GetSignature());
        }
        catch (MalformedContentException)
        {
            // A manifest whose signature does not decode still shows its claim; validation reports the failure.
        }

        return new ReaderManifest
        {
            Label = manifest.Label,
            ClaimVersion = claim.Version,
            IsUpdate = manifest.Kind == ManifestKind.Update,
            IsTrustDeclaration = manifest.IsTrustDeclaration,
            ClaimGenerator = claim.ClaimGenerator,
            ClaimGeneratorInfo = [.. claim.ClaimGeneratorInfo.Select(info => (JsonObject)ReaderJson.ToPlain(info)!)],
            Title = claim.Title,
            Format = claim.Format,
            InstanceId = claim.InstanceId,
            Thumbnail = ClaimThumbnail(manifest),
            Ingredients = ingredients,
            Assertions = assertions,
            SignatureInfo = signature,
        };
    }

    /// <summary>
    /// Whether the Reader JSON lists the assertion in <c>assertions</c>. This is a display rule matching c2pa-rs's
    /// Reader output, not the hard-binding rule of <see cref="AssertionLabels.IsHardBinding"/>: data, box and
    /// collection hashes, the v1 BMFF hash, thumbnails and embedded data are left out, while the BMFF v2/v3
    /// hashes are listed.
    /// </summary>
    private static bool IsListed(string label) =>
        !label.StartsWith(AssertionLabels.DataHash, StringComparison.Ordinal)
        && !label.StartsWith(AssertionLabels.BoxesHash, StringComparison.Ordinal)
        && label != AssertionLabels.BmffHashV1 // c2pa-rs hides the deprecated v1 BMFF hash and shows v2/v3

        && !label.StartsWith(AssertionLabels.CollectionHashPrefix, StringComparison.Ordinal)
        && !label.StartsWith(AssertionLabels.MultiAssetHash, StringComparison.Ordinal)
        && !label.StartsWith(AssertionLabels.ThumbnailPrefix, StringComparison.Ordinal)
        && !label.StartsWith(AssertionLabels.Icon, StringComparison.Ordinal)
        && !label.StartsWith(AssertionLabels.EmbeddedData, StringComparison.Ordinal);

    /// <summary>
    /// The assertions in the order the claim lists them (created, then gathered, for claim v2), which is the order
    /// c2pa-rs shows; the assertion store's box order may differ. Unreferenced assertions follow in store order.
    /// </summary>
    private static List<Assertion> InClaimOrder(IReadOnlyList<Assertion> assertions, Claim claim)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var references = claim.AllAssertionReferences;
            for (var i = 0; i < references.Count; i++)
            {
                var url = references[i].Url;
                order.TryAdd(url[(url.LastIndexOf('/') + 1)..], i);
            }
        }
        catch (MalformedContentException)
        {
            // A claim whose assertion list does not decode: keep the store order; validation reports it.
        }

        var sorted = new List<(int Rank, int Index, Assertion Assertion)>(assertions.Count);
        for (var i = 0; i < assertions.Count; i++)
        {
            sorted.Add((order.TryGetValue(assertions[i].Label, out var rank) ? rank : int.MaxValue, i, assertions[i]));
        }

        sorted.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Index.CompareTo(b.Index));
        return sorted.ConvertAll(s => s.Assertion);
    }

    /// <summary>
    /// Whether the Reader JSON lists the assertion under <c>ingredients</c>: any label starting with
    /// <c>c2pa.ingredient</c>, so that an ingredient of a later version still shows. Deliberately wider than
    /// <see cref="AssertionLabels.IsIngredient"/>, which validation uses for the versions it can check.
    /// </summary>
    private static bool IsListedIngredient(string label) => label.StartsWith(AssertionLabels.IngredientV1, StringComparison.Ordinal);

    private static JsonNode? DecodeOrNull(Assertion assertion)
    {
        try
        {
            return ReaderJson.ToPlain(assertion.DecodeData());
        }
        catch (MalformedContentException)
        {
            return null;
        }
    }

    private static ReaderResourceRef? ClaimThumbnail(Manifest manifest)
    {
        foreach (var assertion in manifest.Assertions)
        {
            if (ThumbnailAssertion.IsClaimThumbnail(assertion.BaseLabel))
            {
                return new ReaderResourceRef(ThumbnailAssertion.MediaTypeOf(assertion), JumbfUri.ForAssertion(manifest.Label, assertion.Label));
            }
        }

        return null;
    }

    private static ReaderIngredient Ingredient(ManifestStore store, Manifest manifest, Assertion assertion)
    {
        IngredientAssertion? ingredient;
        try
        {
            ingredient = IngredientAssertion.Read(assertion);
        }
        catch (MalformedContentException)
        {
            ingredient = null; // shown by its label; the validation results say what is wrong with it
        }

        ReaderResourceRef? thumbnail = null;
        if (ingredient?.Thumbnail is { } thumbUri)
        {
            var label = JumbfUri.LastLabel(thumbUri.Url) ?? thumbUri.Url;
            var target = store.ManifestOf(thumbUri.Url, manifest) ?? manifest;
            var media = ThumbnailAssertion.MediaTypeOf(label, target.FindAssertion(label)?.MediaType);
            thumbnail = new ReaderResourceRef(media, JumbfUri.ForAssertion(target.Label, label));
        }

        return new ReaderIngredient
        {
            Title = ingredient?.Title,
            Format = ingredient?.Format,
            DocumentId = ingredient?.DocumentId,
            InstanceId = ingredient?.InstanceId,
            Relationship = ingredient?.Relationship ?? IngredientAssertion.ComponentOf,
            ActiveManifest = ingredient?.ActiveManifest is { } manifestUri ? JumbfUri.ManifestLabel(manifestUri.Url) : null,
            Thumbnail = thumbnail,
            ValidationResults = ToPlain(ingredient?.ValidationResults),
            Label = assertion.BaseLabel,
        };
    }

    /// <summary>Re-parses a decoded tree so byte strings become plain base64 strings (public views hold no byte[] values).</summary>
    internal static JsonNode? ToPlain(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());

    /// <summary>Algorithm, signer names and serial, and the time-stamp time, as c2pa-rs's signature_info shows them.</summary>
    public static ReaderSignatureInfo SignatureInfo(CoseSign1 signature)
    {
        string? issuer = null, commonName = null, serial = null;
        if (signature.CertificateChain.Count > 0)
        {
            // Shared with validation (cached, not disposed). An unreadable certificate leaves the names
            // empty; validation reports signingCredential.invalid.
            if (Pki.CertificateLoader.TryLoad(signature.CertificateChain[0].Span, out _) is { } leaf)
            {
                issuer = Attribute(leaf.SubjectName, "2.5.4.10"); // c2pa-rs shows the signer's own organization as "issuer"
                commonName = Attribute(leaf.SubjectName, "2.5.4.3");
                serial = new BigInteger(leaf.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
            }
        }

        return new ReaderSignatureInfo
        {
            Algorithm = ReaderJson.AlgorithmName(signature.Algorithm),
            Issuer = issuer,
            CommonName = commonName,
            CertSerialNumber = serial,
            Time = ReaderJson.TimeStampTime(signature),
        };
    }

    private static string? Attribute(X500DistinguishedName name, string oid) => Pki.DistinguishedNames.Find(name, oid);
}
