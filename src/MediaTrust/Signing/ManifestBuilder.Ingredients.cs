using System.Formats.Cbor;
using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Formats;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Manifests;
using MediaTrust.Spec;
using MediaTrust.Validation;

namespace MediaTrust.Signing;

public sealed partial class ManifestBuilder
{
    /// <summary>
    /// Reads and validates every ingredient (spec 2.2 §18.15.4: the claim generator acts as a
    /// validator), and lays out what the new manifest carries for it: the ingredient's manifests to
    /// copy into the store, its <c>c2pa.ingredient.v3</c> assertion and its thumbnail.
    /// </summary>
    private async Task<IReadOnlyList<PreparedIngredient>> PrepareIngredientsAsync(CancellationToken cancellationToken)
    {
        var files = _definition.Ingredients.Concat(Ingredients).ToList();
        if (files.Count(f => f.Relationship == IngredientFile.ParentOf) > 1)
        {
            throw new ArgumentException("a manifest has at most one parentOf ingredient (spec 2.2 §18.15.3)");
        }

        var prepared = new List<PreparedIngredient>();
        foreach (var file in files)
        {
            if (file.Relationship is not (IngredientFile.ParentOf or IngredientFile.ComponentOf or IngredientFile.InputTo))
            {
                throw new ArgumentException($"unknown ingredient relationship '{file.Relationship}': use parentOf, componentOf or inputTo");
            }

            var path = System.IO.Path.Combine(_resourceDirectory ?? ".", file.Path);
            prepared.Add(await PrepareAsync(file, path, prepared.Count, cancellationToken));
        }

        return prepared;
    }

    private async Task<PreparedIngredient> PrepareAsync(IngredientFile file, string path, int index, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        var format = AssetFormats.Detect(stream);
        Reader? reader = null;
        try
        {
            reader = await Reader.ReadAsync(stream, IngredientReaderOptions, cancellationToken);
        }
        catch (NoManifestException)
        {
            // An ingredient without credentials: recorded without activeManifest (ingredient.unknownProvenance for validators).
        }

        stream.Position = 0;
        var thumbnail = GenerateThumbnails && file.Relationship != IngredientFile.InputTo ? Thumbnails.Create(stream, ThumbnailLongEdge) : null;
        var thumbnailLabel = index == 0 ? AssertionLabels.IngredientThumbnail : $"{AssertionLabels.IngredientThumbnail}__{index}";
        return new PreparedIngredient
        {
            File = file,
            AssertionLabel = index == 0 ? AssertionLabels.IngredientV3 : $"{AssertionLabels.IngredientV3}__{index}",
            Title = file.Title ?? System.IO.Path.GetFileName(path),
            Format = reader?.MediaType ?? format?.MediaTypes[0] ?? "application/octet-stream",
            InstanceId = InstanceIdOf(reader),
            Store = reader?.Store,
            Validation = reader?.Validation,
            Thumbnail = thumbnail is { } t ? new PendingAssertion(thumbnailLabel, AssertionContentKind.EmbeddedFile, t.Bytes, t.MediaType, Created: true) : null,
        };
    }

    private static string? InstanceIdOf(Reader? reader)
    {
        try
        {
            return reader?.Store.ActiveManifest?.GetClaim().InstanceId;
        }
        catch (MalformedContentException)
        {
            return null; // the validation results say why the claim does not decode
        }
    }

    /// <summary>
    /// The manifests of every ingredient's store, in store order, to precede ours (spec 2.2 §11.1.3:
    /// the active manifest last). A manifest already copied is compared by hash: identical ones are
    /// copied once, a different one with the same label is re-labelled (spec 2.2 §11.1.4.2, §8.1).
    /// Returns the boxes and, per ingredient, the label its active manifest carries in our store.
    /// </summary>
    /// <summary>
    /// With <see cref="TimeStampIngredients"/>: adds a <c>c2pa.time-stamp</c> assertion (§18.17.2, a map of manifest
    /// label → TimeStampToken) for the copied active manifest of each ingredient whose signature has no time-stamp.
    /// Each token's imprint is over the CounterSignature ToBeSigned of that manifest's COSE signature field, as a
    /// v2 <c>sigTst2</c> token's is (§18.17.3, §10.3.2.5.3), so validators use it as that manifest's time-stamp (§15.8.1.2).
    /// </summary>
    private async Task<SigningPlan> WithIngredientTimeStampsAsync(SigningPlan plan, IReadOnlyList<PreparedIngredient> ingredients, CancellationToken cancellationToken)
    {
        if (!TimeStampIngredients)
        {
            return plan;
        }

        var provider = TimeStampProvider
            ?? throw new InvalidOperationException("time-stamping ingredients needs a time-stamp authority (TimeStampProvider, --tsa)");
        var tokens = new List<(string Label, byte[] Token)>();
        foreach (var (ingredient, cose) in IngredientSignatures(ingredients))
        {
            if (ingredient.CopiedLabel is not { } label || cose.TimeStampTokens.Count > 0)
            {
                continue;
            }

            var toBeSigned = SigStructure.ForTimeStamp(cose.ProtectedBytes.Span, cose.SignatureFieldEncoded.Span);
            tokens.Add((label, await provider.GetTokenAsync(toBeSigned, HashAlgorithmName.SHA256, cancellationToken)));
        }

        if (tokens.Count == 0)
        {
            return plan;
        }

        var written = new TimeStampAssertion([.. tokens.Select(t => (t.Label, (ReadOnlyMemory<byte>)t.Token))]).Write();
        var assertion = new PendingAssertion(AssertionLabels.TimeStamp, AssertionContentKind.Cbor, written, null, Created: true);
        return plan with { Assertions = [.. plan.Assertions, assertion] };
    }

    /// <summary>
    /// Each ingredient with a manifest store, and the signature of its active manifest. One whose signature
    /// does not decode is left out: there is nothing to stamp or look up, and its validation results say so.
    /// </summary>
    private static IEnumerable<(PreparedIngredient Ingredient, CoseSign1 Signature)> IngredientSignatures(IReadOnlyList<PreparedIngredient> ingredients)
    {
        foreach (var ingredient in ingredients)
        {
            CoseSign1? signature = null;
            try
            {
                signature = ingredient.Store?.ActiveManifest?.GetSignature();
            }
            catch (MalformedContentException)
            {
            }

            if (signature is not null)
            {
                yield return (ingredient, signature);
            }
        }
    }

    private static List<byte[]> CopyManifests(IReadOnlyList<PreparedIngredient> ingredients, string ownLabel)
    {
        var boxes = new List<byte[]>();
        var byLabel = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [ownLabel] = [] };
        foreach (var ingredient in ingredients)
        {
            if (ingredient.Store is not { } store)
            {
                continue;
            }

            foreach (var manifest in store.Manifests)
            {
                var raw = manifest.Box.Raw.ToArray();
                var label = manifest.Label;
                if (byLabel.TryGetValue(label, out var existing))
                {
                    if (existing.AsSpan().SequenceEqual(raw))
                    {
                        continue;
                    }

                    label = $"urn:c2pa:{Guid.NewGuid()}";
                    raw = Relabel(manifest.Box, label);
                }

                byLabel[label] = raw;
                boxes.Add(raw);
                if (ReferenceEquals(manifest, store.ActiveManifest))
                {
                    ingredient.CopiedLabel = label;
                    ingredient.CopiedManifest = raw;
                }
            }
        }

        return boxes;
    }

    private static byte[] Relabel(JumbfBox manifest, string label)
    {
        var description = manifest.Description ?? throw new MalformedContentException("a manifest box has no description", ValidationStatusCodes.GeneralError, manifest.Offset);
        return JumbfWriter.SuperBox(description.Type, label, manifest.Children.Select(c => c.Raw.ToArray()));
    }

    /// <summary>
    /// The <c>c2pa.ingredient.v3</c> assertion (spec 2.2 §18.15.4). An ingredient with a manifest gets hashed URIs to
    /// the copied manifest box and its claim signature box, hashed as every JUMBF box is (§8.4.2.3), over the bytes as
    /// they sit in our store, and the results of validating it.
    /// </summary>
    private static byte[] WriteIngredient(PreparedIngredient ingredient, HashedUri? thumbnail)
    {
        HashedUri? activeManifest = null, claimSignature = null;
        byte[]? validationResults = null;
        if (ingredient.CopiedManifest is { } copied)
        {
            var label = ingredient.CopiedLabel!;
            var manifest = JumbfReader.ReadBox(copied);
            activeManifest = new HashedUri(JumbfUri.ForManifest(label), ManifestStoreWriter.HashOfBox(copied, HashAlgorithmName.SHA256));
            var signature = manifest.FindChild(C2paBoxes.SignatureLabel)
                ?? throw new MalformedContentException($"the ingredient's manifest {label} has no claim signature", ValidationStatusCodes.ClaimSignatureMissing);
            claimSignature = new HashedUri($"{JumbfUri.ForManifest(label)}/{C2paBoxes.SignatureLabel}", ManifestStoreWriter.HashOfBox(signature.Raw.Span, HashAlgorithmName.SHA256));
            var writer = new CborWriter(CborConformanceMode.Canonical);
            WriteValidationResults(writer, ingredient.Validation!.Results);
            validationResults = writer.Encode();
        }

        return new IngredientAssertion(ingredient.Title, null, ingredient.Format, null, ingredient.InstanceId, ingredient.File.Relationship,
            activeManifest, claimSignature, thumbnail, null).WriteV3(validationResults);
    }

    /// <summary>The CDDL <c>validation-results-map</c> (spec 2.2 §15.2.1) as the ingredient's validation found it.</summary>
    private static void WriteValidationResults(CborWriter writer, ValidationResults results) =>
        new ValidationResultsMap(CodesOf(results.ActiveManifest),
            [.. results.IngredientDeltas.Select(d => (d.IngredientAssertionUri, CodesOf(d.ValidationDeltas)))]).Write(writer);

    private static ValidationResultsMap.Codes CodesOf(StatusCodes codes) =>
        new(EntriesOf(codes.Success), EntriesOf(codes.Informational), EntriesOf(codes.Failure));

    private static List<ValidationResultsMap.Entry> EntriesOf(IReadOnlyList<ValidationFinding> findings) =>
        [.. findings.Select(f => new ValidationResultsMap.Entry(f.Code, f.Url, f.Explanation))];

    /// <summary>An ingredient read, validated and ready to be written.</summary>
    private sealed class PreparedIngredient
    {
        public required IngredientFile File { get; init; }

        public required string AssertionLabel { get; init; }

        public required string Title { get; init; }

        public required string Format { get; init; }

        public string? InstanceId { get; init; }

        public ManifestStore? Store { get; init; }

        public ValidationReport? Validation { get; init; }

        public PendingAssertion? Thumbnail { get; init; }

        /// <summary>The label of the ingredient's active manifest in our store (after any re-labelling).</summary>
        public string? CopiedLabel { get; set; }

        /// <summary>The bytes of the ingredient's active manifest box as copied into our store.</summary>
        public byte[]? CopiedManifest { get; set; }
    }
}
