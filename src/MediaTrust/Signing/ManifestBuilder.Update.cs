using MediaTrust.Assertions;
using MediaTrust.Formats;
using MediaTrust.Pki;

namespace MediaTrust.Signing;

public sealed partial class ManifestBuilder
{
    /// <summary>
    /// Adds an update manifest (<c>c2um</c>, spec 2.2 §11.2.3) to the store already embedded in
    /// <paramref name="source"/> and copies the asset, otherwise unchanged, to
    /// <paramref name="destination"/>. The update carries no hard binding and no thumbnail; its
    /// one ingredient is the asset's previous active manifest (<c>parentOf</c>, opened), and it may
    /// carry metadata and the definition's other assertions. The store keeps every manifest and
    /// appends the update as the active one.
    /// </summary>
    /// <returns>The label of the update manifest.</returns>
    /// <exception cref="NoManifestException">The asset has no embedded store.</exception>
    /// <exception cref="InvalidOperationException">The store would move (see remarks).</exception>
    /// <exception cref="NotSupportedException">An identity is to be added (an update manifest has no hard binding for it to reference).</exception>
    /// <remarks>
    /// The previous manifests' data hashes exclude the store where it was; a validator takes the
    /// exclusion that starts at the store to be the whole (grown) store (§15.12.1.1), so the store
    /// must stay at the same offset. Every embedder writes it where it found it; this is checked.
    /// </remarks>
    public async Task<string> UpdateAsync(Stream source, Stream destination, IClaimSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(signer);
        if (!destination.CanRead || !destination.CanSeek || !destination.CanWrite)
        {
            throw new ArgumentException("the destination must be readable, writable and seekable", nameof(destination));
        }

        if (Identities.Count > 0 || _definition.Identities.Count > 0)
        {
            throw new NotSupportedException("an update manifest has no hard binding of its own for an identity assertion to reference (CAWG identity 1.3, \"Overview\"); sign a standard manifest to add an identity");
        }

        if (_definition.Ingredients.Count > 0 || Ingredients.Count > 0)
        {
            throw new ArgumentException("an update manifest has exactly one ingredient, the asset's previous manifest, which is added for you (spec 2.2 §11.2.3)");
        }

        if (_definition.Thumbnail is not null)
        {
            throw new ArgumentException("an update manifest carries no thumbnail (spec 2.2 §11.2.3)");
        }

        var format = AssetFormats.Detect(source) ?? throw new UnknownFormatException("the asset's format is not recognised");
        var embedder = format as IManifestEmbedder
            ?? throw new NotSupportedException($"MediaTrust cannot embed a manifest store in {format.Name} files yet");
        if (embedder.UpdateManifestRefusal is { } refusal)
        {
            throw new NotSupportedException(refusal);
        }

        // RIFF (the RIFF size), TIFF (IFD offsets), MP3 (the ID3 tag size), FLAC (the last-block flag and block order) and
        // BMFF (root box offsets, chunk offsets in the v3 hash) record the store's size or position outside it (UpdateManifestTests).
        if (!embedder.CanGrowStoreInPlace)
        {
            throw new NotSupportedException(
                $"an update manifest cannot be added to {format.Name} files: the grown store changes bytes its previous manifest's hard binding covers "
                + "(a container length or offset outside the store), so that binding would no longer match; sign a standard manifest with the file as its parent instead");
        }
        source.Position = 0;
        var previous = format.ReadLayout(source, cancellationToken).Stores;
        if (previous.Count == 0)
        {
            throw new NoManifestException("the asset has no embedded manifest store to update; sign it first");
        }

        var previousStart = previous[0].Carriage.Min(r => r.Start);
        source.Position = 0;
        var parent = await PrepareParentAsync(source, cancellationToken);
        var plan = await PlanAsync(signer, [parent], thumbnail: null, update: true, cancellationToken);
        var store = await plan.SignAsync(hardBinding: null, signer, cancellationToken);

        source.Position = 0;
        destination.SetLength(0);
        var placement = embedder.Embed(source, destination, store, cancellationToken);
        var start = placement.Carriage.Min(r => r.Start);
        if (start != previousStart)
        {
            throw new InvalidOperationException($"the {format.Name} store moved from offset {previousStart} to {start}: the previous manifests' data hash exclusions would no longer cover it");
        }

        await destination.FlushAsync(cancellationToken);
        return plan.Label;
    }

    /// <summary>Writes an update manifest (see <see cref="UpdateAsync"/>) into <paramref name="destinationPath"/>, atomically; it may be the source.</summary>
    /// <returns>The label of the update manifest.</returns>
    public async Task<string> UpdateFileAsync(string sourcePath, string destinationPath, IClaimSigner signer, CancellationToken cancellationToken = default)
    {
        string? label = null;
        await using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        await IO.AtomicFile.WriteAsync(destinationPath, async destination =>
            label = await UpdateAsync(source, destination, signer, cancellationToken));
        return label!;
    }

    /// <summary>The asset's own store as the parent: validated (§18.15.4), all its manifests copied, its active one referenced.</summary>
    private async Task<PreparedIngredient> PrepareParentAsync(Stream source, CancellationToken cancellationToken)
    {
        var reader = await Reader.ReadAsync(source, IngredientReaderOptions, cancellationToken);
        var claim = reader.Store.ActiveManifest?.GetClaim();
        return new PreparedIngredient
        {
            File = new IngredientFile { Path = string.Empty, Relationship = IngredientFile.ParentOf },
            AssertionLabel = AssertionLabels.IngredientV3,
            Title = claim?.Title ?? _definition.Title ?? "asset",
            Format = reader.MediaType,
            InstanceId = InstanceIdOf(reader),
            Store = reader.Store,
            Validation = reader.Validation,
        };
    }

    /// <summary>§11.2.3: no hard binding, no thumbnail, and only the four update actions.</summary>
    private static void CheckUpdateAssertions(IEnumerable<PendingAssertion> assertions)
    {
        foreach (var assertion in assertions)
        {
            if (UpdateManifestRules.RefusedWhenWriting(assertion.Label))
            {
                throw new ArgumentException($"an update manifest cannot carry {assertion.Label} (spec 2.2 §11.2.3)");
            }

            if (assertion.Label == ActionsLabel)
            {
                foreach (var action in ActionsAssertion.Read(assertion.Payload).Actions ?? [])
                {
                    if (!UpdateManifestRules.IsAllowedAction(action.Name))
                    {
                        throw new ArgumentException($"an update manifest may record only {UpdateManifestRules.AllowedActionsText}, not '{action.Name}' (spec 2.2 §11.2.3)");
                    }
                }
            }
        }
    }
}
