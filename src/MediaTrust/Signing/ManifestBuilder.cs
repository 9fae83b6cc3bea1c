using System.Security.Cryptography;
using System.Text;
using MediaTrust.Assertions;
using MediaTrust.Cbor;
using MediaTrust.Cose;
using MediaTrust.Formats;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Pki;
using MediaTrust.Spec;

namespace MediaTrust.Signing;

/// <summary>
/// Signs a manifest into an asset (c2pa-rs's <c>Builder</c>). Two passes over the asset's bytes:
/// the first copies it with a placeholder store of the final size, the second hashes the copy
/// outside the store; then the real store, of the same size, is patched in place.
/// </summary>
public sealed partial class ManifestBuilder
{
    private const string HashAlgorithm = "sha256";
    private const int Sha256Length = 32;

    /// <summary>Room the COSE signature keeps for an RFC 3161 time-stamp token (the TSA's chain included).</summary>
    private const int TimeStampAllowance = 10 * 1024;

    private readonly ManifestDefinition _definition;
    private readonly string? _resourceDirectory;

    /// <summary>Whether to generate a claim thumbnail (and ingredient thumbnails) for images the managed decoder reads; true by default.</summary>
    public bool GenerateThumbnails { get; init; } = true;

    /// <summary>The long edge of generated thumbnails, in pixels.</summary>
    public int ThumbnailLongEdge { get; init; } = Thumbnails.DefaultLongEdge;

    /// <summary>An RFC 3161 time-stamp authority; the signature gets a v2 time-stamp (<c>sigTst2</c>, spec 2.2 §10.3.2.5) when set.</summary>
    public ITimeStampProvider? TimeStampProvider { get; init; }

    /// <summary>
    /// Also time-stamp, through <see cref="TimeStampProvider"/>, the active manifest of every ingredient whose
    /// signature carries no time-stamp, in a <c>c2pa.time-stamp</c> assertion (spec 2.2 §18.17). A manifest signed
    /// offline then keeps a trusted time of signing, and stays valid after its signer's certificate expires.
    /// With an update manifest, this stamps the asset's previous manifest.
    /// </summary>
    public bool TimeStampIngredients { get; init; }

    /// <summary>Ingredients read from files, after those of the definition.</summary>
    public IReadOnlyList<IngredientFile> Ingredients { get; init; } = [];

    /// <summary>How ingredients are validated before their results are recorded (spec 2.2 §18.15.4); validation is forced on.</summary>
    public ReaderOptions IngredientReaderOptions
    {
        get;
        init => field = value.Validation is null ? new ReaderOptions { MaxStoreLength = value.MaxStoreLength } : value;
    } = new();

    /// <param name="definition">What the manifest says.</param>
    /// <param name="resourceDirectory">Where resources the definition names (the thumbnail) are found; the current directory when null.</param>
    public ManifestBuilder(ManifestDefinition definition, string? resourceDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.ClaimGeneratorInfo.Count == 0)
        {
            throw new ArgumentException("a manifest needs at least one claim_generator_info entry (spec 2.2 §10.2.2)", nameof(definition));
        }

        _definition = definition;
        _resourceDirectory = resourceDirectory;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> with a signed manifest
    /// store embedded. <paramref name="destination"/> must be readable, writable and seekable.
    /// </summary>
    /// <returns>The label of the new manifest.</returns>
    /// <exception cref="NotSupportedException">The asset's format is unknown or cannot carry an embedded store.</exception>
    public async Task<string> SignAsync(Stream source, Stream destination, IClaimSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(signer);
        if (!destination.CanRead || !destination.CanSeek || !destination.CanWrite)
        {
            throw new ArgumentException("the destination must be readable, writable and seekable", nameof(destination));
        }

        var format = AssetFormats.Detect(source) ?? throw new UnknownFormatException("the asset's format is not recognised");
        var embedder = format as IManifestEmbedder
            ?? throw new NotSupportedException($"MediaTrust cannot embed a manifest store in {format.Name} files yet; sign with a sidecar instead");

        var ingredients = await PrepareIngredientsAsync(cancellationToken);
        var thumbnail = GenerateThumbnails && _definition.Thumbnail is null ? Thumbnails.Create(source, ThumbnailLongEdge) : null;
        var (identities, owned) = LoadIdentities();
        try
        {
            var plan = await PlanAsync(signer, ingredients, thumbnail, update: false, cancellationToken, ComputeSoftBindings(source), identities);
            return await SignPlannedAsync(source, destination, signer, format, embedder, plan, cancellationToken);
        }
        finally
        {
            owned.ForEach(o => o.Dispose());
        }
    }

    /// <summary>The two passes of <see cref="SignAsync"/> once the manifest is planned.</summary>
    private static async Task<string> SignPlannedAsync(Stream source, Stream destination, IClaimSigner signer, IAssetFormat format, IManifestEmbedder embedder,
        SigningPlan plan, CancellationToken cancellationToken)
    {

        // BMFF gets the box-aware binding c2pa-rs writes (spec 2.2 §18.6), fonts a box hash per table (§18.7.3.6:
        // the table directory and head.checkSumAdjustment change with the store); every other format a data hash (§18.5).
        var bmff = embedder.HardBinding == HardBindingKind.BmffHash;
        var boxNames = embedder.HardBinding == HardBindingKind.BoxHash ? embedder.BoxNamesAfterEmbed(source, cancellationToken) : null;
        PendingAssertion HardBinding(byte[]? computed) => bmff
            ? new PendingAssertion(AssertionLabels.BmffHashV3, AssertionContentKind.Cbor,
                BmffHashAssertion.WriteV3(Bindings.BmffHashValidator.SigningExclusions, computed ?? new byte[Sha256Length], HashAlgorithm), null, Created: true)
            : boxNames is not null
                ? new PendingAssertion(BoxHashAssertion.Label, AssertionContentKind.Cbor, computed ?? BoxHashAssertion.WritePlaceholder(boxNames, Sha256Length, HashAlgorithm), null, Created: true)
                : DataHash(DataHashAssertion.WritePlaceholder(1, Sha256Length, HashAlgorithm));

        // Pass 1: copy the asset with a placeholder store of the final size.
        var placeholder = plan.Store(HardBinding(null), new byte[plan.SignatureSize], out _);
        if (placeholder.Length % 2 == 1)
        {
            // An even-sized store: RIFF pads odd chunks, and c2pa-rs then hashes WAV/AVI differently (checked with the oracle).
            plan = plan with { SignatureSize = plan.SignatureSize + 1 };
            placeholder = plan.Store(HardBinding(null), new byte[plan.SignatureSize], out _);
        }

        destination.SetLength(0);
        var placement = embedder.Embed(source, destination, placeholder, cancellationToken);

        // Pass 2: hash the copy. A data hash excludes the store's carriage (one exclusion: the carriage is contiguous);
        // the BMFF hash excludes the C2PA uuid box by its xpath, so its offset is not recorded.
        PendingAssertion binding;
        if (bmff)
        {
            binding = HardBinding(Bindings.BmffHashValidator.HashForSigning(destination, cancellationToken));
        }
        else if (boxNames is not null)
        {
            // Same names, same hash lengths: the same size as the placeholder.
            var boxes = format.ReadLayout(destination, cancellationToken).Boxes;
            binding = HardBinding(BoxHashAssertion.Write([.. boxes.Select(b => b.Name)], Bindings.BoxHashValidator.HashEach(destination, boxes, HashAlgorithmName.SHA256, cancellationToken), HashAlgorithm));
        }
        else
        {
            var exclusion = Span(placement.Carriage);
            var hash = Bindings.RangeHasher.HashExcluding(destination, destination.Length, [exclusion], HashAlgorithmName.SHA256, cancellationToken);
            binding = DataHash(DataHashAssertion.Write([exclusion], hash, HashAlgorithm, plan.DataHashSize));
        }

        var store = await plan.SignAsync(binding, signer, cancellationToken);
        if (store.Length != placeholder.Length)
        {
            throw new InvalidOperationException($"the signed store ({store.Length} bytes) differs in size from its placeholder ({placeholder.Length} bytes)");
        }

        embedder.Patch(destination, placement, store);
        await destination.FlushAsync(cancellationToken);
        return plan.Label;
    }

    /// <summary>
    /// Signs <paramref name="sourcePath"/> into <paramref name="destinationPath"/> (which may be the
    /// same file). The output is written to a temporary file and renamed into place only when
    /// complete, so a failure never leaves a half-written file or damages the original.
    /// </summary>
    /// <returns>The label of the new manifest.</returns>
    public async Task<string> SignFileAsync(string sourcePath, string destinationPath, IClaimSigner signer, CancellationToken cancellationToken = default)
    {
        string? label = null;
        await using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await IO.AtomicFile.WriteAsync(destinationPath, async destination =>
            label = await SignAsync(source, destination, signer, cancellationToken));
        return label!;
    }

    /// <summary>
    /// Signs a manifest store for an asset that stays unchanged: a sidecar (<c>.c2pa</c>) or remote
    /// store. The data hash covers every byte of the asset.
    /// </summary>
    /// <returns>The manifest store bytes (<c>application/c2pa</c>).</returns>
    public async Task<byte[]> SignSidecarAsync(Stream asset, IClaimSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(signer);
        var ingredients = await PrepareIngredientsAsync(cancellationToken);
        var thumbnail = GenerateThumbnails && _definition.Thumbnail is null ? Thumbnails.Create(asset, ThumbnailLongEdge) : null;
        var (identities, owned) = LoadIdentities();
        try
        {
            var plan = await PlanAsync(signer, ingredients, thumbnail, update: false, cancellationToken, ComputeSoftBindings(asset), identities);
            var hash = Bindings.RangeHasher.HashExcluding(asset, asset.Length, [], HashAlgorithmName.SHA256, cancellationToken);
            var placeholderSize = DataHashAssertion.WritePlaceholder(0, Sha256Length, HashAlgorithm).Length;
            return await plan.SignAsync(DataHash(DataHashAssertion.Write([], hash, HashAlgorithm, placeholderSize)), signer, cancellationToken);
        }
        finally
        {
            owned.ForEach(o => o.Dispose());
        }
    }

    /// <summary>Signs a sidecar store for the asset at <paramref name="assetPath"/> and writes it, atomically, to <paramref name="sidecarPath"/>.</summary>
    public async Task SignSidecarFileAsync(string assetPath, string sidecarPath, IClaimSigner signer, CancellationToken cancellationToken = default)
    {
        byte[] store;
        await using (var asset = new FileStream(assetPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            store = await SignSidecarAsync(asset, signer, cancellationToken);
        }

        await IO.AtomicFile.WriteAsync(sidecarPath, stream => stream.WriteAsync(store, cancellationToken).AsTask());
    }

    /// <summary>
    /// Signs for a store kept at <paramref name="url"/> (spec 2.2 §11.4): the asset is copied to
    /// <paramref name="destinationPath"/> with an XMP <c>dcterms:provenance</c> reference to the
    /// URL and no embedded store, and the store, whose data hash covers that copy, is written to
    /// <paramref name="storePath"/> for publishing at the URL. Both writes are atomic.
    /// </summary>
    /// <exception cref="NotSupportedException">The format cannot carry an XMP reference.</exception>
    public async Task SignRemoteFileAsync(string sourcePath, string destinationPath, string storePath, Uri url, IClaimSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        byte[]? store = null;
        await using (var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            var format = AssetFormats.Detect(source);
            var writer = format as IRemoteReferenceWriter
                ?? throw new NotSupportedException($"MediaTrust cannot write a remote manifest reference into {format?.Name ?? "this"} file");
            await IO.AtomicFile.WriteAsync(destinationPath, async destination =>
            {
                destination.SetLength(0);
                writer.WriteRemoteReference(source, destination, url.AbsoluteUri, cancellationToken);
                destination.Position = 0;
                store = await SignSidecarAsync(destination, signer, cancellationToken);
            });
        }

        await IO.AtomicFile.WriteAsync(storePath, stream => stream.WriteAsync(store!, cancellationToken).AsTask());
    }

    private static ByteRange Span(IReadOnlyList<ByteRange> carriage)
    {
        var start = carriage.Min(r => r.Start);
        var end = carriage.Max(r => r.End);
        if (carriage.Sum(r => r.Length) != end - start)
        {
            throw new InvalidOperationException("the format split the store into non-contiguous pieces; one exclusion cannot cover it");
        }

        return new ByteRange(start, end - start);
    }

    /// <summary>The plan, with what signing fetches online or from a TSA: ingredient time-stamps and certificate status, and the signer's stapled OCSP.</summary>
    private async Task<SigningPlan> PlanAsync(IClaimSigner signer, IReadOnlyList<PreparedIngredient> ingredients, (byte[] Bytes, string MediaType)? thumbnail,
        bool update, CancellationToken cancellationToken, IReadOnlyList<PendingAssertion>? softBindings = null, IReadOnlyList<IdentitySigner>? identities = null)
    {
        var plan = Plan(signer, ingredients, thumbnail, update, softBindings);
        plan = await WithIngredientTimeStampsAsync(plan, ingredients, cancellationToken);
        plan = await WithIngredientCertificateStatusAsync(plan, ingredients, cancellationToken);
        plan = await WithStapledOcspAsync(plan, signer, cancellationToken);
        if (identities is { Count: > 0 })
        {
            var slots = PlanIdentities(identities, plan.Assertions);
            plan = plan with { Assertions = [.. plan.Assertions, .. slots.Select(s => s.Pending)], IdentitySlots = [.. slots] };
        }

        return plan;
    }

    private SigningPlan Plan(IClaimSigner signer, IReadOnlyList<PreparedIngredient> ingredients, (byte[] Bytes, string MediaType)? thumbnail, bool update = false,
        IReadOnlyList<PendingAssertion>? softBindings = null)
    {
        var label = _definition.Label ?? NewManifestLabel(_definition.Vendor);
        var assertions = new List<PendingAssertion>();
        if (_definition.Thumbnail is { } named)
        {
            var path = Path.Combine(_resourceDirectory ?? ".", named.Identifier);
            assertions.Add(new PendingAssertion(AssertionLabels.ClaimThumbnail, AssertionContentKind.EmbeddedFile, File.ReadAllBytes(path), named.Format, Created: true));
        }
        else if (thumbnail is { } generated)
        {
            assertions.Add(new PendingAssertion(AssertionLabels.ClaimThumbnail, AssertionContentKind.EmbeddedFile, generated.Bytes, generated.MediaType, Created: true));
        }

        // Ingredients: copied manifests first in the store, then their thumbnails and assertions in ours (§18.15.4).
        var copied = CopyManifests(ingredients, label);
        var references = new List<(string Relationship, HashedUri Uri)>();
        foreach (var ingredient in ingredients)
        {
            HashedUri? thumbnailUri = null;
            if (ingredient.Thumbnail is { } ingredientThumbnail)
            {
                assertions.Add(ingredientThumbnail);
                thumbnailUri = UriOf(ingredientThumbnail);
            }

            var assertion = new PendingAssertion(ingredient.AssertionLabel, AssertionContentKind.Cbor, WriteIngredient(ingredient, thumbnailUri), null, Created: true);
            assertions.Add(assertion);
            references.Add((ingredient.File.Relationship, UriOf(assertion)));
        }

        var hasActions = false;
        foreach (var definition in _definition.Assertions)
        {
            if (definition.Label is ActionsLabel or AssertionLabels.ActionsV1)
            {
                hasActions = true;
                assertions.Add(BuildActions(definition, references));
            }
            else
            {
                assertions.Add(ToPending(definition));
            }
        }

        if (!hasActions && references.Count > 0)
        {
            assertions.Add(BuildActions(null, references));
        }

        assertions.AddRange(softBindings ?? []);

        if (update)
        {
            CheckUpdateAssertions(assertions);
        }

        var protectedHeader = CoseSign1Writer.EncodeProtectedHeader(signer.Algorithm, [.. signer.CertificateChain.Select(c => (ReadOnlyMemory<byte>)c.RawData)]);
        return new SigningPlan
        {
            Label = label,
            Claim = new ClaimV2
            {
                InstanceId = _definition.InstanceId ?? $"xmp:iid:{Guid.NewGuid()}",
                Generator = new(_definition.ClaimGeneratorInfo[0].Name, _definition.ClaimGeneratorInfo[0].Version, _definition.ClaimGeneratorInfo[0].OperatingSystem),
                Title = _definition.Title,
                CreatedAssertions = [],
            },
            Assertions = assertions,
            IngredientManifests = copied,
            ManifestType = update ? C2paBoxes.UpdateManifest : C2paBoxes.StandardManifest,
            ProtectedHeader = protectedHeader,
            TimeStampProvider = TimeStampProvider,
            // Room for the signature value, the CBOR framing, a time-stamp token and headroom; the unused rest is COSE `pad` (§13.2).
            SignatureSize = protectedHeader.Length + SignatureAllowance(signer.Algorithm) + 1024 + (TimeStampProvider is null ? 0 : TimeStampAllowance),
            DataHashSize = DataHashAssertion.WritePlaceholder(1, Sha256Length, HashAlgorithm).Length,
        };
    }

    private static PendingAssertion DataHash(byte[] payload) =>
        new(DataHashAssertion.Label, AssertionContentKind.Cbor, payload, null, Created: true);

    private static HashedUri UriOf(PendingAssertion assertion) =>
        new(JumbfUri.ForAssertionStore(assertion.Label),
            ManifestStoreWriter.HashOfBox(ManifestStoreWriter.Assertion(assertion), HashAlgorithmName.SHA256));

    private static PendingAssertion ToPending(AssertionDefinition definition)
    {
        var json = string.Equals(definition.Kind, "Json", StringComparison.OrdinalIgnoreCase);
        var payload = json
            ? Encoding.UTF8.GetBytes(definition.Data?.ToJsonString() ?? "null")
            : CborFromJson.Encode(definition.Data);
        return new PendingAssertion(definition.Label, json ? AssertionContentKind.Json : AssertionContentKind.Cbor, payload, null,
            definition.Created ?? IsCreatedByDefault(definition.Label));
    }

    /// <summary>
    /// Labels the signer vouches for by default: actions, hard bindings, thumbnails, ingredients
    /// (as c2pa-rs's default <c>created_assertion_labels</c>); metadata it merely gathered otherwise.
    /// </summary>
    private static bool IsCreatedByDefault(string label) =>
        label.StartsWith(AssertionLabels.C2paPrefix, StringComparison.Ordinal);

    /// <summary>A v4 UUID URN (spec 2.2 §8.1), with the claim generator's identifier when given.</summary>
    private static string NewManifestLabel(string? vendor) =>
        vendor is null ? $"urn:c2pa:{Guid.NewGuid()}" : $"urn:c2pa:{Guid.NewGuid()}:{vendor}";

    private static int SignatureAllowance(SigningAlgorithm algorithm) => algorithm switch
    {
        SigningAlgorithm.ES256 or SigningAlgorithm.ES384 or SigningAlgorithm.ES512 or SigningAlgorithm.EdDSA => 160,
        _ => 1024, // RSA up to 8192 bits
    };

    /// <summary>Everything fixed before the asset is hashed; what remains is the data hash and the signature.</summary>
    private sealed record SigningPlan
    {
        public required string Label { get; init; }
        public required ClaimV2 Claim { get; init; }
        public required IReadOnlyList<PendingAssertion> Assertions { get; init; }
        public required IReadOnlyList<byte[]> IngredientManifests { get; init; }
        public required byte[] ProtectedHeader { get; init; }
        public ITimeStampProvider? TimeStampProvider { get; init; }

        /// <summary>OCSP responses to staple in <c>rVals</c> (§14.5.2).</summary>
        public IReadOnlyList<ReadOnlyMemory<byte>> OcspResponses { get; init; } = [];

        public required int SignatureSize { get; init; }
        public required int DataHashSize { get; init; }

        /// <summary>Identity assertions whose placeholders <see cref="Assertions"/> holds until the hard binding is known.</summary>
        public IdentitySlot[] IdentitySlots { get; init; } = [];

        /// <summary>The manifest's JUMBF type: standard (<c>c2ma</c>) or update (<c>c2um</c>, spec 2.2 §11.2.3).</summary>
        public required Guid ManifestType { get; init; }

        /// <summary>Lays out the store around a hard binding (none for an update manifest) and signature; returns the claim it signed over.</summary>
        public byte[] Store(PendingAssertion? hardBinding, byte[] signature, out byte[] claim)
        {
            var all = hardBinding is null ? Assertions : Assertions.Append(hardBinding);
            var boxes = new List<byte[]>();
            var created = new List<HashedUri>();
            var gathered = new List<HashedUri>();
            foreach (var assertion in all)
            {
                var box = ManifestStoreWriter.Assertion(assertion);
                boxes.Add(box);
                var uri = new HashedUri(JumbfUri.ForAssertionStore(assertion.Label), ManifestStoreWriter.HashOfBox(box, HashAlgorithmName.SHA256));
                (assertion.Created ? created : gathered).Add(uri);
            }

            claim = Manifests.Claim.WriteV2(Claim with { CreatedAssertions = created, GatheredAssertions = gathered });
            return ManifestStoreWriter.Store([.. IngredientManifests, ManifestStoreWriter.Manifest(ManifestType, Label, boxes, claim, signature)]);
        }

        public async Task<byte[]> SignAsync(PendingAssertion? hardBinding, IClaimSigner signer, CancellationToken cancellationToken)
        {
            if (IdentitySlots.Length > 0)
            {
                var assertions = await SignIdentitiesAsync(Assertions, IdentitySlots, hardBinding!, cancellationToken);
                return await (this with { Assertions = assertions, IdentitySlots = [] }).SignAsync(hardBinding, signer, cancellationToken);
            }

            Store(hardBinding, [], out var claim);
            var header = new CoseUnprotectedHeader { OcspResponses = OcspResponses };
            var cose = await ClaimSignatureWriter.SignAsync(signer, claim, header, targetSize: SignatureSize, timeStamper: TimeStampProvider, cancellationToken: cancellationToken);
            return Store(hardBinding, cose, out _);
        }
    }
}
