using System.Security.Cryptography;
using System.Text;
using MediaTrust.Cose;
using MediaTrust.Formats;
using MediaTrust.IO;
using MediaTrust.Pki;

namespace MediaTrust.Signing;

/// <summary>
/// Signs a manifest into an asset (c2pa-rs's <c>Builder</c>). Two passes over the asset's bytes:
/// the first copies it with a placeholder store of the final size, the second hashes the copy
/// outside the store; then the real store, of the same size, is patched in place.
/// </summary>
public sealed class ManifestBuilder
{
    private const string HashAlgorithm = "sha256";
    private const int Sha256Length = 32;

    private readonly ManifestDefinition _definition;
    private readonly string? _resourceDirectory;

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

        var format = AssetFormats.Detect(source) ?? throw new NotSupportedException("the asset's format is not recognised");
        var embedder = format as IManifestEmbedder
            ?? throw new NotSupportedException($"MediaTrust cannot embed a manifest store in {format.Name} files yet; sign with a sidecar instead");

        var plan = Plan(format.MediaTypes[0], signer);

        // Pass 1: copy the asset with a placeholder store of the final size.
        var placeholder = plan.Store(DataHashWriter.Placeholder(1, Sha256Length, HashAlgorithm), new byte[plan.SignatureSize], out _);
        destination.SetLength(0);
        var placement = embedder.Embed(source, destination, placeholder, cancellationToken);

        // Pass 2: hash the copy outside the store's carriage (one exclusion: the carriage is contiguous).
        var exclusion = Span(placement.Carriage);
        var hash = Bindings.RangeHasher.HashExcluding(destination, destination.Length, [exclusion], HashAlgorithmName.SHA256, cancellationToken);
        var dataHash = DataHashWriter.Final([exclusion], hash, HashAlgorithm, plan.DataHashSize);

        var store = await plan.SignAsync(dataHash, signer, cancellationToken);
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
        var format = AssetFormats.Detect(asset);
        var plan = Plan(_definition.Format ?? format?.MediaTypes[0] ?? "application/octet-stream", signer);
        var hash = Bindings.RangeHasher.HashExcluding(asset, asset.Length, [], HashAlgorithmName.SHA256, cancellationToken);
        var placeholderSize = DataHashWriter.Placeholder(0, Sha256Length, HashAlgorithm).Length;
        return await plan.SignAsync(DataHashWriter.Final([], hash, HashAlgorithm, placeholderSize), signer, cancellationToken);
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

    private SigningPlan Plan(string mediaType, IClaimSigner signer)
    {
        var label = _definition.Label ?? NewManifestLabel(_definition.Vendor);
        var assertions = new List<PendingAssertion>();
        foreach (var definition in _definition.Assertions)
        {
            assertions.Add(ToPending(definition));
        }

        if (_definition.Thumbnail is { } thumbnail)
        {
            var path = Path.Combine(_resourceDirectory ?? ".", thumbnail.Identifier);
            assertions.Add(new PendingAssertion("c2pa.thumbnail.claim", AssertionContentKind.EmbeddedFile, File.ReadAllBytes(path), thumbnail.Format, Created: true));
        }

        var chain = signer.CertificateChain.Select(c => (ReadOnlyMemory<byte>)c.RawData).ToList();
        var protectedHeader = CoseSign1Writer.EncodeProtectedHeader(signer.Algorithm, chain);
        return new SigningPlan
        {
            Label = label,
            Claim = new ClaimV2
            {
                InstanceId = _definition.InstanceId ?? $"xmp:iid:{Guid.NewGuid()}",
                Generator = _definition.ClaimGeneratorInfo[0],
                Title = _definition.Title,
                CreatedAssertions = [],
            },
            Assertions = assertions,
            ProtectedHeader = protectedHeader,
            // Room for the signature value, the CBOR framing and headroom; the unused rest is COSE `pad` (§13.2).
            SignatureSize = protectedHeader.Length + SignatureAllowance(signer.Algorithm) + 1024,
            DataHashSize = DataHashWriter.Placeholder(1, Sha256Length, HashAlgorithm).Length,
        };
    }

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
        label.StartsWith("c2pa.", StringComparison.Ordinal);

    /// <summary>A v4 UUID URN (spec 2.2 §8.1), with the claim generator's identifier when given.</summary>
    private static string NewManifestLabel(string? vendor) =>
        vendor is null ? $"urn:c2pa:{Guid.NewGuid()}" : $"urn:c2pa:{Guid.NewGuid()}:{vendor}";

    private static int SignatureAllowance(SigningAlgorithm algorithm) => algorithm switch
    {
        SigningAlgorithm.ES256 or SigningAlgorithm.ES384 or SigningAlgorithm.ES512 or SigningAlgorithm.EdDSA => 160,
        _ => 1024, // RSA up to 8192 bits
    };

    /// <summary>Everything fixed before the asset is hashed; what remains is the data hash and the signature.</summary>
    private sealed class SigningPlan
    {
        public required string Label { get; init; }
        public required ClaimV2 Claim { get; init; }
        public required IReadOnlyList<PendingAssertion> Assertions { get; init; }
        public required byte[] ProtectedHeader { get; init; }
        public required int SignatureSize { get; init; }
        public required int DataHashSize { get; init; }

        /// <summary>Lays out the store around a data hash and signature; returns the claim it signed over.</summary>
        public byte[] Store(byte[] dataHash, byte[] signature, out byte[] claim)
        {
            var all = Assertions.Append(new PendingAssertion(Bindings.DataHashAssertion.Label, AssertionContentKind.Cbor, dataHash, null, Created: true));
            var boxes = new List<byte[]>();
            var created = new List<HashedUri>();
            var gathered = new List<HashedUri>();
            foreach (var assertion in all)
            {
                var box = ManifestStoreWriter.Assertion(assertion);
                boxes.Add(box);
                var uri = new HashedUri($"self#jumbf={ManifestStoreWriter.AssertionStoreLabel}/{assertion.Label}", ManifestStoreWriter.HashOfBox(box, HashAlgorithmName.SHA256));
                (assertion.Created ? created : gathered).Add(uri);
            }

            claim = ClaimV2Writer.Encode(Claim with { CreatedAssertions = created, GatheredAssertions = gathered });
            return ManifestStoreWriter.Store([ManifestStoreWriter.Manifest(Label, boxes, claim, signature)]);
        }

        public async Task<byte[]> SignAsync(byte[] dataHash, IClaimSigner signer, CancellationToken cancellationToken)
        {
            Store(dataHash, [], out var claim);
            var toBeSigned = SigStructure.ForClaimSignature(ProtectedHeader, claim);
            var signature = await signer.SignAsync(toBeSigned, cancellationToken);
            var cose = CoseSign1Writer.Encode(ProtectedHeader, new CoseUnprotectedHeader(), signature, SignatureSize);
            return Store(dataHash, cose, out _);
        }
    }
}
