using MediaTrust.Formats.Common;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// Writing: a store is added by an incremental update appended after the original bytes, which are copied
/// unchanged (ISO 32000-2 §7.5.6; spec 2.2 §A.4.2.1, see <see cref="PdfManifestUpdate"/>). A PDF that already
/// carries stores keeps them in their revisions and gets one more: the newest is the active manifest's store and
/// readers process all of them as one store (§A.4.2.1). Encrypted and certified (DocMDP) PDFs are refused.
/// </summary>
internal sealed partial class PdfFormat
{
    /// <summary>
    /// Copies the PDF and appends an incremental update that embeds <paramref name="store"/>. Unlike other formats,
    /// a store already there is not replaced: it stays in its revision and the new one becomes the active
    /// manifest's store (§A.4.2.1). The carriage is the new stream's data, exactly the store's bytes.
    /// </summary>
    /// <exception cref="NotSupportedException">The PDF is encrypted or certified with a DocMDP signature.</exception>
    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (store.IsEmpty)
        {
            throw new ArgumentException("An empty store cannot be embedded.", nameof(store));
        }

        AssetStream.RequireSeekable(source);
        var update = PdfManifestUpdate.Plan(PdfDocument.Open(source, cancellationToken));
        var length = source.Length;
        Span<byte> last = stackalloc byte[1];
        AssetStream.ReadAt(source, length - 1, last, "PDF trailer");
        var start = destination.Position;
        AssetStream.CopyRange(source, 0, length, destination, cancellationToken);
        var data = update.Write(destination, start, store.Span, needsLineBreak: last[0] is not (10 or 13));
        return new StorePlacement { Carriage = [data], StoreLength = store.Length };
    }

    /// <summary>
    /// Removes the stores that appended C2PA-only incremental updates added (this embedder's, or any update whose
    /// objects are only a C2PA store, its file specification, the catalog changed only in <c>/AF</c> and
    /// <c>/Names</c>, and name tree nodes) by truncating the file where the oldest such update begins: the bytes
    /// before it are the PDF as it was. A store inside the base document or inside an update that changed anything
    /// else cannot be removed that way, and rewriting the document is out of scope, so it is refused.
    /// </summary>
    /// <exception cref="NotSupportedException">A store lies in a revision that is not a C2PA-only update.</exception>
    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        AssetStream.RequireSeekable(source);
        var document = PdfDocument.Open(source, cancellationToken);
        var cut = source.Length;
        var kept = 0;
        while (kept < document.Sections.Count - 1 && C2paOnlyUpdateStart(document, kept) is long start)
        {
            cancellationToken.ThrowIfCancellationRequested();
            cut = start;
            kept++;
        }

        for (var revision = kept; revision < document.Sections.Count; revision++)
        {
            if (document.Sections[revision].Trailer["Root"] is PdfRef root
                && document.GetObject(root, revision, 0) is PdfDictionary catalog
                && FindManifestStreams(document, catalog, revision).Count > 0)
            {
                throw new NotSupportedException(
                    "the PDF's manifest store was not added by an appended C2PA-only incremental update; removing it would mean rewriting the document, which MediaTrust does not do");
            }
        }

        AssetStream.CopyRange(source, 0, cut, destination, cancellationToken);
    }

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store)
    {
        StorePatch.RequireSameLength(placement, store);
        if (placement.Carriage[0].Length != store.Length)
        {
            throw new ArgumentException("The placement does not describe a PDF stream of this store's size.", nameof(placement));
        }

        StorePatch.WriteContiguous(destination, placement, store, 0);
    }

    /// <summary>
    /// Where section <paramref name="index"/> begins when it is an appended update holding nothing but a C2PA store:
    /// every object it writes is the catalog (changed only in /AF and /Names), a C2PA file specification or
    /// embedded file stream, a name dictionary or name tree node, or the section's own xref stream. Null otherwise.
    /// </summary>
    private static long? C2paOnlyUpdateStart(PdfDocument document, int index)
    {
        var section = document.Sections[index];
        var previous = document.Sections[index + 1];
        if (section.Trailer["Prev"] is not long || section.Trailer["Root"] is not PdfRef root || section.Offset <= previous.Offset)
        {
            return null;
        }

        var start = section.Offset;
        foreach (var (number, entry) in section.Entries)
        {
            if (entry.Type == 0)
            {
                continue;
            }

            if (entry.Type != 1 || entry.Field2 <= previous.Offset)
            {
                return null;
            }

            start = Math.Min(start, entry.Field2);
            if (entry.Field2 == section.Offset)
            {
                continue; // the xref stream itself
            }

            var value = document.GetObject(new PdfRef(number, (int)Math.Min(entry.Field3, ushort.MaxValue)), index, 0);
            var allowed = value switch
            {
                PdfStream stream => stream.Dictionary.IsName("Subtype", "application/c2pa"),
                PdfDictionary dictionary when number == root.Number => SameExceptManifestKeys(dictionary, document.GetObject(root, index + 1, 0)),
                PdfDictionary dictionary => dictionary.IsName("AFRelationship", "C2PA_Manifest") || IsNameTreeOrNames(dictionary),
                _ => false,
            };

            if (!allowed)
            {
                return null;
            }
        }

        return start;
    }

    private static bool SameExceptManifestKeys(PdfDictionary catalog, object? previous)
    {
        if (previous is not PdfDictionary before)
        {
            return false;
        }

        return PdfObjectWriter.ToText(Without(catalog)) == PdfObjectWriter.ToText(Without(before));

        static PdfDictionary Without(PdfDictionary dictionary)
        {
            var copy = new PdfDictionary();
            foreach (var (key, value) in dictionary.Entries)
            {
                if (key is not ("AF" or "Names"))
                {
                    copy[key] = value;
                }
            }

            return copy;
        }
    }

    /// <summary>A name tree node (ISO 32000-2 §7.9.6) or a name dictionary (§7.7.4, Table 32).</summary>
    private static bool IsNameTreeOrNames(PdfDictionary dictionary)
    {
        foreach (var (key, _) in dictionary.Entries)
        {
            if (key is not ("Names" or "Kids" or "Limits" or "Dests" or "AP" or "JavaScript" or "Pages" or "Templates"
                or "IDS" or "URLS" or "EmbeddedFiles" or "AlternatePresentations" or "Renditions"))
            {
                return false;
            }
        }

        return true;
    }
}
