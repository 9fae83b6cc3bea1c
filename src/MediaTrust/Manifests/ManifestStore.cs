using MediaTrust.Assertions;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Manifests;

/// <summary>
/// A C2PA manifest store (spec 2.2 §11.1.4.2): the <c>c2pa</c> superbox and its manifests in order.
/// The active manifest is the last one (§15.5.1). Problems that leave the store readable
/// (duplicate labels, unknown boxes) are listed in <see cref="Problems"/> rather than thrown.
/// </summary>
internal sealed class ManifestStore
{
    private Dictionary<string, Manifest?>? _byLabel;

    private ManifestStore(JumbfBox box, IReadOnlyList<Manifest> manifests, IReadOnlyList<StoreProblem> problems)
    {
        Box = box;
        Manifests = manifests;
        Problems = problems;
    }

    /// <summary>The store superbox.</summary>
    public JumbfBox Box { get; }

    /// <summary>Manifests in store order.</summary>
    public IReadOnlyList<Manifest> Manifests { get; }

    /// <summary>The last manifest (spec 2.2 §15.5.1), or null for a store without manifests.</summary>
    public Manifest? ActiveManifest => Manifests.Count > 0 ? Manifests[^1] : null;

    /// <summary>Problems that did not stop the read, store-level and per manifest.</summary>
    public IReadOnlyList<StoreProblem> Problems { get; }

    /// <summary>Parses a store from its JUMBF bytes (the <c>c2pa</c> superbox).</summary>
    /// <param name="jumbf">The store bytes; kept, not copied.</param>
    /// <param name="baseOffset">Where the bytes start in the asset, for error offsets (0 for reassembled stores).</param>
    /// <exception cref="MalformedContentException">The bytes are not a well-formed store.</exception>
    public static ManifestStore Parse(ReadOnlyMemory<byte> jumbf, long baseOffset = 0)
    {
        var root = JumbfReader.ReadBox(jumbf, baseOffset);
        if (!root.IsSuperBox || root.Description!.Type != C2paBoxes.ManifestStore)
        {
            throw new MalformedContentException(
                $"not a C2PA manifest store: the outer box is {(root.IsSuperBox ? $"a superbox of type {root.Description!.Type}" : $"a {root.TypeName} box")}",
                ValidationStatusCodes.ClaimMissing, root.Offset, root.Path);
        }

        var problems = new List<StoreProblem>();
        var manifests = new List<Manifest>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // One decompression budget for the whole store, not one per compressed manifest: many small Brotli bombs
        // must not add up to more than one could (docs/robustness.md).
        var decompressionBudget = BoundedBrotli.MaxOutput;
        foreach (var child in root.Children)
        {
            if (!child.IsSuperBox)
            {
                continue;
            }

            Manifest? manifest;
            try
            {
                manifest = ReadManifest(child, ref decompressionBudget);
            }
            catch (MalformedContentException e) when (e.StatusCode == ValidationStatusCodes.ManifestCompressedInvalid && child.Label is { } brokenLabel)
            {
                // §15.5.4: a compressed manifest that does not decompress to a manifest rejects that manifest,
                // not the store: it stays, empty, carrying the failure, so the others are still validated.
                manifest = new Manifest(child, child, brokenLabel, ManifestKind.Standard, [],
                    [new StoreProblem(e.StatusCode, e.Reason, JumbfUri.ForManifest(brokenLabel))]);
            }

            if (manifest is null)
            {
                continue; // Unknown boxes in a store are skipped (spec 2.2 §11.1.4.2).
            }

            if (!seen.Add(manifest.Label))
            {
                problems.Add(new StoreProblem(ValidationStatusCodes.GeneralError, $"duplicate manifest label {manifest.Label}: references to it are ambiguous", manifest.Box.Path));
            }

            manifests.Add(manifest);
            problems.AddRange(manifest.Problems);
        }

        return new ManifestStore(root, manifests, problems);
    }

    /// <summary>
    /// The manifest with this label; null when absent or ambiguous. Indexed: every ingredient and every absolute URI
    /// looks a manifest up, and a store can hold many (docs/robustness.md).
    /// </summary>
    public Manifest? FindManifest(string label) =>
        LazyInitializer.EnsureInitialized(ref _byLabel, () => UniqueIndex.Build(Manifests, m => m.Label)).GetValueOrDefault(label);

    /// <summary>
    /// Resolves a JUMBF URI (spec 2.2 §8.4.1): absolute (<c>self#jumbf=/c2pa/&lt;manifest&gt;/…</c>) or
    /// relative to <paramref name="current"/>. A manifest reference gives the box as stored (the
    /// <c>c2cm</c> box for a compressed manifest, §11.1.3.2). Returns null when unresolved or ambiguous.
    /// </summary>
    public JumbfBox? Resolve(string uri, Manifest? current = null)
    {
        if (JumbfUri.Parse(uri) is not { } parsed)
        {
            return null;
        }

        var labels = parsed.Labels;
        Manifest? manifest;
        int next;
        if (parsed.Absolute)
        {
            if (labels[0] != C2paBoxes.StoreLabel)
            {
                return null;
            }

            if (labels.Length == 1)
            {
                return Box;
            }

            manifest = FindManifest(labels[1]);
            next = 2;
            if (manifest is not null && labels.Length == 2)
            {
                return manifest.Box;
            }
        }
        else
        {
            manifest = current;
            next = 0;
        }

        if (manifest is null)
        {
            return null;
        }

        var box = manifest.Content;
        for (var i = next; i < labels.Length; i++)
        {
            box = box.FindUniqueChild(labels[i]);
            if (box is null)
            {
                return null;
            }
        }

        return box;
    }

    /// <summary>The manifest that <paramref name="uri"/> points into, or <paramref name="current"/> for a relative URI.</summary>
    public Manifest? ManifestOf(string uri, Manifest? current = null)
    {
        if (JumbfUri.Parse(uri) is not { } parsed)
        {
            return null;
        }

        return parsed.Absolute ? (parsed.Labels.Length >= 2 ? FindManifest(parsed.Labels[1]) : null) : current;
    }

    private static Manifest? ReadManifest(JumbfBox box, ref int decompressionBudget)
    {
        var type = box.Description!.Type;
        var content = box;
        if (type == C2paBoxes.CompressedManifest)
        {
            content = Decompress(box, ref decompressionBudget);
            type = content.Description!.Type;
        }

        ManifestKind kind;
        if (type == C2paBoxes.StandardManifest || type == C2paBoxes.StandardManifestAlternate)
        {
            kind = ManifestKind.Standard;
        }
        else if (type == C2paBoxes.UpdateManifest)
        {
            kind = ManifestKind.Update;
        }
        else if (ReferenceEquals(content, box))
        {
            return null;
        }
        else
        {
            // §15.5.4: a brob that does not hold a standard or update manifest.
            throw new MalformedContentException(
                $"compressed manifest holds a superbox of type {type}, not a manifest", ValidationStatusCodes.ManifestCompressedInvalid, box.Offset, box.Path);
        }

        var label = box.Label ?? throw new MalformedContentException("manifest box has no label", ValidationStatusCodes.ClaimMissing, box.Offset, box.Path);
        var problems = new List<StoreProblem>();

        // §15.6.1: exactly one claim box (type c2cl) in a manifest.
        var claims = content.Children.Count(c => c.IsSuperBox && c.Description!.Type == C2paBoxes.Claim);
        if (claims > 1)
        {
            problems.Add(new StoreProblem(ValidationStatusCodes.ClaimMultiple, $"the manifest holds {claims} claim boxes; exactly one is allowed (spec 2.2 §15.6.1)", JumbfUri.ForManifest(label)));
        }

        var assertions = new List<Assertion>();
        var store = content.FindChild(C2paBoxes.AssertionStoreLabel);
        if (store is not null)
        {
            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var child in store.Children)
            {
                if (!child.IsSuperBox)
                {
                    continue;
                }

                var assertion = Assertion.Read(child);
                if (!labels.Add(assertion.Label))
                {
                    problems.Add(new StoreProblem(ValidationStatusCodes.GeneralError, $"duplicate assertion label {assertion.Label}: references to it are ambiguous",
                        JumbfUri.ForAssertion(label, assertion.Label)));
                }

                assertions.Add(assertion);
            }
        }

        return new Manifest(box, content, label, kind, assertions, problems);
    }

    private static JumbfBox Decompress(JumbfBox box, ref int budget)
    {
        var brob = box.FindContent(BoxTypes.Brotli)
            ?? throw new MalformedContentException("compressed manifest has no brob box", ValidationStatusCodes.ManifestCompressedInvalid, box.Offset, box.Path);
        var compressed = brob.Content;

        // JPEG XL's brob starts with the 4CC of the compressed box; C2PA's holds the Brotli bytes only (spec 2.2 §11.1.3.2). Accept both.
        if (compressed.Length >= 4 && FourCC.Read(compressed.Span) == BoxTypes.SuperBox)
        {
            compressed = compressed[4..];
        }

        var bytes = BoundedBrotli.Decompress(compressed.Span, brob, budget);
        budget -= bytes.Length;
        JumbfBox content;
        try
        {
            // The decompressed manifest sits inside c2cm/brob: its nesting counts from there, not from zero, so
            // compression cannot reset the depth bound (docs/robustness.md).
            content = JumbfReader.ReadBox(bytes, 0, box.PathNode.Child("brob"), 2);
        }
        catch (MalformedContentException e)
        {
            // §15.5.4: what decompressed is not a manifest.
            throw new MalformedContentException($"compressed manifest does not hold a JUMBF box: {e.Reason}", ValidationStatusCodes.ManifestCompressedInvalid, box.Offset, box.Path);
        }

        return content.IsSuperBox
            ? content
            : throw new MalformedContentException($"compressed manifest holds a {content.TypeName} box, not a superbox", ValidationStatusCodes.ManifestCompressedInvalid, box.Offset, box.Path);
    }
}
