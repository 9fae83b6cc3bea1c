using System.Formats.Cbor;
using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.Cose;
using MediaTrust.Formats;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Spec;

namespace MediaTrust.Validation;

/// <summary>
/// One assertion of a test manifest. Its payload may use the hashes of the boxes written before it (keyed
/// by their relative URI) and the COSE_Sign1 of every manifest signed before it (keyed <c>cose:&lt;label&gt;</c>).
/// </summary>
internal sealed record TestAssertion(string Label, Func<IReadOnlyDictionary<string, byte[]>, byte[]> Payload, AssertionContentKind Kind = AssertionContentKind.Cbor)
{
    public TestAssertion(string label, byte[] payload, AssertionContentKind kind = AssertionContentKind.Cbor)
        : this(label, _ => payload, kind)
    {
    }
}

/// <summary>A manifest to build: its assertions, kind and the assertions its claim redacts.</summary>
internal sealed record TestManifest(string Label, IReadOnlyList<TestAssertion> Assertions)
{
    public bool Update { get; init; }

    public IReadOnlyList<string> Redacted { get; init; } = [];

    /// <summary>Signs this manifest instead of the store's signer.</summary>
    public IClaimSigner? Signer { get; init; }

    /// <summary>Adds a c2pa.hash.data over the asset (standard manifests).</summary>
    public bool DataHash { get; init; } = true;

    /// <summary>Adds a c2pa.ingredient.v3 with relationship parentOf pointing at the previous manifest of the store.</summary>
    public bool ParentOfPrevious { get; init; }
}

/// <summary>
/// Builds signed C2PA stores and assets for validation tests, with full control over the claim
/// (redactions, update manifests, arbitrary assertions) and over the COSE signature (time-stamps,
/// stapled OCSP, a foreign certificate chain). Hashes are computed, never faked.
/// </summary>
internal static class TestAssets
{
    private const int CoseSize = 12_000;

    /// <summary>A parent manifest's label, for stores of a parent and its child.</summary>
    public const string ParentLabel = "urn:c2pa:11111111-1111-4111-8111-111111111111";

    /// <summary>A child manifest's label; with <see cref="TestManifest.ParentOfPrevious"/> it names the parent as its parentOf ingredient.</summary>
    public const string ChildLabel = "urn:c2pa:22222222-2222-4222-8222-222222222222";

    /// <summary>The relative URI of the child's parentOf ingredient, as its actions name it (and as the hashes passed to payloads key it).</summary>
    public const string ParentIngredient = "self#jumbf=c2pa.assertions/c2pa.ingredient.v3";

    /// <summary>
    /// Signs <paramref name="manifests"/> into a sidecar store for <paramref name="asset"/> with the ES256 test
    /// PKI, and validates it trusting that PKI's root at <see cref="PkiFixtures.Now"/>; <paramref name="configure"/>
    /// may change the options.
    /// </summary>
    public static async Task<ValidationReport> ValidateSidecarAsync(byte[] asset, TestManifest[] manifests, Func<ValidationOptions, ValidationOptions>? configure = null)
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var store = await SidecarStoreAsync(asset, signer, manifests);
        var options = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now };
        var reader = await Reader.ReadWithManifestAsync(new MemoryStream(asset), store,
            new ReaderOptions { Validation = configure is null ? options : configure(options) },
            cancellationToken: TestContext.Current.CancellationToken);
        return reader.Validation!;
    }

    public static byte[] Cbor(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        write(writer);
        return writer.Encode();
    }

    /// <summary>A c2pa.actions.v2 payload with the given actions (name, optional ingredient hashed URIs).</summary>
    public static byte[] Actions(params (string Name, (string Url, byte[] Hash)[]? Ingredients)[] actions) => Cbor(w =>
    {
        w.WriteStartMap(1);
        w.WriteTextString("actions");
        w.WriteStartArray(actions.Length);
        foreach (var (name, ingredients) in actions)
        {
            w.WriteStartMap(ingredients is null ? 1 : 2);
            w.WriteTextString("action");
            w.WriteTextString(name);
            if (ingredients is not null)
            {
                w.WriteTextString("parameters");
                w.WriteStartMap(1);
                w.WriteTextString("ingredients");
                w.WriteStartArray(ingredients.Length);
                foreach (var (url, hash) in ingredients)
                {
                    WriteHashedUri(w, url, hash);
                }

                w.WriteEndArray();
                w.WriteEndMap();
            }

            w.WriteEndMap();
        }

        w.WriteEndArray();
        w.WriteEndMap();
    });

    public static TestAssertion Created() => new("c2pa.actions.v2", Actions(("c2pa.created", null)));

    /// <summary>A CBOR map of text keys to text values.</summary>
    public static byte[] Map(params (string Key, string Value)[] fields) => Cbor(w =>
    {
        w.WriteStartMap(fields.Length);
        foreach (var (key, value) in fields)
        {
            w.WriteTextString(key);
            w.WriteTextString(value);
        }

        w.WriteEndMap();
    });

    /// <summary>Builds and signs a manifest store for an asset kept unchanged (sidecar): the data hash covers every byte.</summary>
    public static async Task<byte[]> SidecarStoreAsync(byte[] asset, IClaimSigner signer, params TestManifest[] manifests)
    {
        var hash = SHA256.HashData(asset);
        var dataHash = DataHashAssertion.Write([], hash, "sha256", DataHashAssertion.WritePlaceholder(0, 32, "sha256").Length);
        var (store, _) = await BuildAsync(manifests, dataHash, claim => ClaimSignatureWriter.SignAsync(signer, claim, targetSize: CoseSize).AsTask());
        return store;
    }

    /// <summary>
    /// Embeds a signed store with one standard manifest in <paramref name="asset"/> (any format with an
    /// embedder), two-pass as a signer does: placeholder, hash outside the store, then the final store.
    /// <paramref name="sign"/> makes the COSE_Sign1 over the claim (default: <paramref name="signer"/> without extras).
    /// </summary>
    public static async Task<byte[]> EmbedAsync(byte[] asset, IClaimSigner signer, TestManifest? manifest = null, Func<byte[], Task<byte[]>>? sign = null)
    {
        manifest ??= new TestManifest("urn:c2pa:00000000-0000-4000-8000-000000000001", [Created()]);
        sign ??= claim => ClaimSignatureWriter.SignAsync(signer, claim, targetSize: CoseSize).AsTask();
        using var source = new MemoryStream(asset);
        var format = AssetFormats.Detect(source)!;
        var embedder = (IManifestEmbedder)format;
        var dataHashSize = DataHashAssertion.WritePlaceholder(1, 32, "sha256").Length;
        var (placeholder, _) = await BuildAsync([manifest], DataHashAssertion.WritePlaceholder(1, 32, "sha256"), _ => Task.FromResult(new byte[CoseSize]));
        using var destination = new MemoryStream();
        var placement = embedder.Embed(source, destination, placeholder);
        var start = placement.Carriage.Min(r => r.Start);
        var exclusion = new ByteRange(start, placement.Carriage.Max(r => r.End) - start);
        var hash = RangeHasher.HashExcluding(destination, destination.Length, [exclusion], HashAlgorithmName.SHA256, CancellationToken.None);
        var (store, _) = await BuildAsync([manifest], DataHashAssertion.Write([exclusion], hash, "sha256", dataHashSize), sign);
        Assert.Equal(placeholder.Length, store.Length);
        embedder.Patch(destination, placement, store);
        return destination.ToArray();
    }

    /// <summary>A COSE_Sign1 over the claim, optionally with a v2 time-stamp and stapled OCSP responses.</summary>
    public static async Task<byte[]> SignAsync(IClaimSigner signer, byte[] claim, ITimeStampProvider? timeStamper = null, byte[]? ocsp = null) =>
        await ClaimSignatureWriter.SignAsync(signer, claim, new CoseUnprotectedHeader { OcspResponses = ocsp is null ? [] : [ocsp] },
            targetSize: CoseSize, timeStamper: timeStamper);

    private static async Task<(byte[] Store, byte[] LastClaim)> BuildAsync(TestManifest[] manifests, byte[] dataHash, Func<byte[], Task<byte[]>> sign)
    {
        var boxes = new List<byte[]>();
        var signatures = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] claim = [];
        foreach (var manifest in manifests)
        {
            var assertionBoxes = new List<byte[]>();
            var references = new List<(string Url, byte[] Hash)>();
            var hashes = new Dictionary<string, byte[]>(signatures, StringComparer.Ordinal);
            var all = new List<TestAssertion>();
            if (manifest.ParentOfPrevious)
            {
                var previous = boxes[^1];
                var previousLabel = manifests[boxes.Count - 1].Label;
                all.Add(new TestAssertion("c2pa.ingredient.v3", Cbor(w =>
                {
                    w.WriteStartMap(3);
                    w.WriteTextString("relationship");
                    w.WriteTextString("parentOf");
                    w.WriteTextString("dc:title");
                    w.WriteTextString("parent");
                    w.WriteTextString("activeManifest");
                    WriteHashedUri(w, "self#jumbf=/c2pa/" + previousLabel, ManifestStoreWriter.HashOfBox(previous, HashAlgorithmName.SHA256));
                    w.WriteEndMap();
                })));
            }

            all.AddRange(manifest.Assertions);
            if (manifest.DataHash && !manifest.Update)
            {
                all.Add(new TestAssertion(DataHashAssertion.Label, dataHash));
            }

            foreach (var assertion in all)
            {
                var box = ManifestStoreWriter.Assertion(new PendingAssertion(assertion.Label, assertion.Kind, assertion.Payload(hashes), "image/jpeg", true));
                var url = "self#jumbf=c2pa.assertions/" + assertion.Label;
                hashes[url] = ManifestStoreWriter.HashOfBox(box, HashAlgorithmName.SHA256);
                assertionBoxes.Add(box);
                references.Add((url, hashes[url]));
            }

            claim = Claim(references, manifest.Redacted);
            var cose = manifest.Signer is { } own ? await ClaimSignatureWriter.SignAsync(own, claim, targetSize: CoseSize) : await sign(claim);
            signatures["cose:" + manifest.Label] = cose;
            boxes.Add(JumbfWriter.SuperBox(manifest.Update ? C2paBoxes.UpdateManifest : C2paBoxes.StandardManifest, manifest.Label,
            [
                JumbfWriter.SuperBox(C2paBoxes.AssertionStore, C2paBoxes.AssertionStoreLabel, assertionBoxes),
                JumbfWriter.SuperBox(C2paBoxes.Claim, C2paBoxes.ClaimLabelV2, [JumbfWriter.ContentBox(BoxTypes.Cbor, claim)]),
                JumbfWriter.SuperBox(C2paBoxes.ClaimSignature, C2paBoxes.SignatureLabel, [JumbfWriter.ContentBox(BoxTypes.Cbor, cose)]),
            ]));
        }

        return (ManifestStoreWriter.Store(boxes), claim);
    }

    private static byte[] Claim(List<(string Url, byte[] Hash)> assertions, IReadOnlyList<string> redacted) => Cbor(w =>
    {
        w.WriteStartMap(redacted.Count > 0 ? 6 : 5);
        w.WriteTextString("instanceID");
        w.WriteTextString("xmp:iid:" + Guid.NewGuid());
        w.WriteTextString("claim_generator_info");
        w.WriteStartMap(1);
        w.WriteTextString("name");
        w.WriteTextString("MediaTrust tests");
        w.WriteEndMap();
        w.WriteTextString("signature");
        w.WriteTextString("self#jumbf=c2pa.signature");
        w.WriteTextString("created_assertions");
        w.WriteStartArray(assertions.Count);
        foreach (var (url, hash) in assertions)
        {
            WriteHashedUri(w, url, hash);
        }

        w.WriteEndArray();
        if (redacted.Count > 0)
        {
            w.WriteTextString("redacted_assertions");
            w.WriteStartArray(redacted.Count);
            foreach (var uri in redacted)
            {
                w.WriteTextString(uri);
            }

            w.WriteEndArray();
        }

        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        w.WriteEndMap();
    });

    private static void WriteHashedUri(CborWriter w, string url, byte[] hash)
    {
        w.WriteStartMap(2);
        w.WriteTextString("url");
        w.WriteTextString(url);
        w.WriteTextString("hash");
        w.WriteByteString(hash);
        w.WriteEndMap();
    }
}
