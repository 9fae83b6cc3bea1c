using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MediaTrust.IO;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// One incremental update (ISO 32000-2 §7.5.6) that adds a C2PA manifest store to a PDF as spec 2.2 §A.4.1 and
/// §A.4.2.1 ask: an embedded file stream (<c>/Subtype /application#2Fc2pa</c>, no filter, so the stream data is
/// the store), its file specification (<c>/AFRelationship /C2PA_Manifest</c>), a new version of the catalog whose
/// <c>/AF</c> names that file specification, and the <c>/EmbeddedFiles</c> name tree entry that references it for
/// viewers; then a cross-reference section of the kind the file already uses. Planned from the document first
/// (every refusal happens before a byte is written), then written after a verbatim copy of the original.
/// </summary>
internal sealed class PdfManifestUpdate
{
    /// <summary>The file name of the attachment and its key in the <c>/EmbeddedFiles</c> name tree.</summary>
    public const string FileName = "manifest.c2pa";

    private const int MaxNameTreeDepth = 32;

    private static readonly byte[] FileNameKey = Encoding.ASCII.GetBytes(FileName);

    private readonly PdfDocument _document;
    private readonly int _revision;

    /// <summary>New objects and new versions of existing ones, except the store's stream, by object number.</summary>
    private readonly SortedDictionary<int, (int Generation, string Body)> _objects = [];
    private readonly PdfDictionary _trailer = new();
    private readonly int _streamNumber;
    private readonly bool _xrefStream;
    private int _nextNumber;

    private PdfManifestUpdate(PdfDocument document, int revision, PdfRef root, int size)
    {
        _document = document;
        _revision = revision;
        _streamNumber = size;
        _nextNumber = size + 1;

        // §7.5.8.4: a file whose newest section is a cross-reference stream needs a stream again (a reader that
        // follows only streams would miss a table); a classic or hybrid file gets a classic table.
        _xrefStream = document.Sections[0].Trailer.IsName("Type", "XRef");
        _trailer["Root"] = root;
        _trailer["Info"] = Newest(document, "Info");
        _trailer["ID"] = Newest(document, "ID");
    }

    /// <summary>Plans the update, refusing what it cannot write without breaking the document (see <see cref="PdfFormat.Embed"/>).</summary>
    public static PdfManifestUpdate Plan(PdfDocument document)
    {
        if (document.IsEncrypted)
        {
            // §A.4.1 would need an Identity crypt filter for the stream and the catalog strings re-encrypted.
            throw new NotSupportedException("MediaTrust cannot embed a manifest store into an encrypted PDF; decrypt it first (spec 2.2 §A.4.1 would need an Identity crypt filter)");
        }

        var revision = PdfFormat.FirstCatalogRevision(document);
        if (revision < 0 || document.Sections[revision].Trailer["Root"] is not PdfRef root)
        {
            throw new MalformedContentException("no trailer names a document catalog (/Root)", location: "PDF trailer");
        }

        if (document.GetObject(root, revision, 0) is not PdfDictionary catalog)
        {
            throw new MalformedContentException($"trailer /Root {root} is not a dictionary", offset: document.Sections[revision].Offset, location: "PDF trailer");
        }

        RefuseCertified(document, catalog, revision);
        var size = 0L;
        foreach (var section in document.Sections)
        {
            size = Math.Max(size, section.Trailer["Size"] as long? ?? 0);
            foreach (var number in section.Entries.Keys)
            {
                size = Math.Max(size, number + 1L);
            }
        }

        if (size > int.MaxValue - 16)
        {
            throw new MalformedContentException($"trailer /Size {size} leaves no object numbers for an update", location: "PDF trailer");
        }

        var update = new PdfManifestUpdate(document, revision, root, (int)size);
        update.AddObjects(catalog, root);
        return update;
    }

    /// <summary>
    /// Writes the update at the current position of <paramref name="destination"/>, which holds the original
    /// PDF from <paramref name="fileStart"/> on; returns the range of the stream data, the store's carriage.
    /// </summary>
    public ByteRange Write(Stream destination, long fileStart, ReadOnlySpan<byte> store, bool needsLineBreak)
    {
        var offsets = new SortedDictionary<int, (long Offset, int Generation)>();
        if (needsLineBreak)
        {
            WriteAscii(destination, "\n"); // §7.5.5: %%EOF ends a line; the next object starts on a new one
        }

        offsets[_streamNumber] = (destination.Position - fileStart, 0);
        WriteAscii(destination, FormattableString.Invariant(
            $"{_streamNumber} 0 obj\n<</Type /EmbeddedFile /Subtype /application#2Fc2pa /Length {store.Length}>>\nstream\n"));
        var data = new ByteRange(destination.Position - fileStart, store.Length);
        destination.Write(store);
        WriteAscii(destination, "\nendstream\nendobj\n");
        foreach (var (number, (generation, body)) in _objects)
        {
            offsets[number] = (destination.Position - fileStart, generation);
            WriteAscii(destination, FormattableString.Invariant($"{number} {generation} obj\n{body}\nendobj\n"));
        }

        var xrefOffset = destination.Position - fileStart;
        if (_xrefStream)
        {
            var number = _nextNumber++;
            offsets[number] = (xrefOffset, 0);
            WriteXrefStream(destination, number, offsets, xrefOffset);
        }
        else
        {
            WriteXrefTable(destination, offsets);
        }

        WriteAscii(destination, FormattableString.Invariant($"startxref\n{xrefOffset}\n%%EOF\n"));
        return data;
    }

    /// <summary>The file specification, the new catalog, and the name tree objects that change.</summary>
    private void AddObjects(PdfDictionary catalog, PdfRef root)
    {
        var fileSpecNumber = _nextNumber++;
        var fileSpec = new PdfRef(fileSpecNumber, 0);
        _objects[fileSpecNumber] = (0, FormattableString.Invariant(
            $"<</Type /Filespec /F ({FileName}) /UF ({FileName}) /AFRelationship /C2PA_Manifest /EF <</F {_streamNumber} 0 R>> /Desc (C2PA Manifest Store)>>"));

        var newCatalog = catalog.Copy();

        // §A.4.2.1: the catalog's /AF names the file specification of the active manifest's store. Earlier C2PA
        // file specifications leave the array (their stores stay in the revisions that added them, where readers
        // still find them), so a reader that takes "the" C2PA entry of /AF finds the newest; other associated
        // files are kept. An indirect /AF array becomes a direct one.
        var associated = new List<object?>();
        if (_document.Resolve(catalog["AF"], _revision) is List<object?> existing)
        {
            foreach (var item in existing)
            {
                if (!IsManifestFileSpec(_document.Resolve(item, _revision)))
                {
                    associated.Add(item);
                }
            }
        }

        associated.Add(fileSpec);
        newCatalog["AF"] = associated;

        // §A.4.2.1: the file specification is also referenced from /Names /EmbeddedFiles (§7.7.4, §7.11.4).
        var names = catalog["Names"];
        if (names is PdfRef namesRef)
        {
            var namesDictionary = _document.GetObject(namesRef, _revision, 0) as PdfDictionary
                ?? throw new MalformedContentException($"catalog /Names {namesRef} is not a dictionary", location: "PDF catalog");
            var updated = WithEmbeddedFile(namesDictionary, fileSpec);
            if (PdfObjectWriter.ToText(updated) != PdfObjectWriter.ToText(namesDictionary))
            {
                SetObject(namesRef, updated); // only when /EmbeddedFiles was added or is a direct tree
            }
        }
        else
        {
            var namesDictionary = names as PdfDictionary ?? (names is null ? new PdfDictionary()
                : throw new MalformedContentException("catalog /Names is not a dictionary", location: "PDF catalog"));
            newCatalog["Names"] = WithEmbeddedFile(namesDictionary, fileSpec);
        }

        SetObject(root, newCatalog);
    }

    /// <summary>A copy of the name dictionary whose /EmbeddedFiles tree maps <see cref="FileName"/> to <paramref name="fileSpec"/>.</summary>
    private PdfDictionary WithEmbeddedFile(PdfDictionary names, PdfRef fileSpec)
    {
        var copy = names.Copy();
        switch (names["EmbeddedFiles"])
        {
            case null:
                var number = _nextNumber++;
                _objects[number] = (0, "<</Names [" + Key() + FormattableString.Invariant($" {fileSpec}]>>"));
                copy["EmbeddedFiles"] = new PdfRef(number, 0);
                break;
            case PdfRef treeRef:
                var tree = _document.GetObject(treeRef, _revision, 0) as PdfDictionary
                    ?? throw new MalformedContentException($"/EmbeddedFiles {treeRef} is not a name tree node", location: "PDF name tree");
                SetObject(treeRef, Insert(tree, fileSpec, 0));
                break;
            case PdfDictionary direct:
                copy["EmbeddedFiles"] = Insert(direct, fileSpec, 0);
                break;
            default:
                throw new MalformedContentException("/EmbeddedFiles is not a name tree", location: "PDF name tree");
        }

        return copy;
    }

    /// <summary>
    /// A new version of name tree node <paramref name="node"/> (ISO 32000-2 §7.9.6) with the key mapped to
    /// <paramref name="value"/>: replaced where the key is, inserted in byte order in a leaf, or, through
    /// intermediate nodes, in the kid whose <c>/Limits</c> reach the key (or the last kid), whose new version is
    /// written too; <c>/Limits</c> widen along the path.
    /// </summary>
    private PdfDictionary Insert(PdfDictionary node, PdfRef value, int depth)
    {
        if (depth > MaxNameTreeDepth)
        {
            throw new MalformedContentException($"the /EmbeddedFiles name tree is deeper than {MaxNameTreeDepth}", location: "PDF name tree");
        }

        var copy = node.Copy();
        if (_document.Resolve(node["Kids"], _revision) is List<object?> { Count: > 0 } kids)
        {
            var chosen = kids.Count - 1;
            for (var i = 0; i < kids.Count; i++)
            {
                if (Limits(ResolveNode(kids[i])) is { } limits && Compare(FileNameKey, limits.High) <= 0)
                {
                    chosen = i;
                    break;
                }
            }

            if (kids[chosen] is not PdfRef kidRef)
            {
                throw new MalformedContentException("a name tree /Kids entry is not an indirect reference", location: "PDF name tree");
            }

            var kid = Insert(ResolveNode(kidRef), value, depth + 1);
            SetObject(kidRef, kid);
            copy["Kids"] = new List<object?>(kids);
            if (node["Limits"] is not null)
            {
                copy["Limits"] = WidenLimits(Limits(node));
            }

            return copy;
        }

        var pairs = _document.Resolve(node["Names"], _revision) as List<object?> ?? [];
        if (pairs.Count % 2 != 0)
        {
            throw new MalformedContentException("a name tree /Names array has an odd number of elements", location: "PDF name tree");
        }

        var updated = new List<object?>(pairs.Count + 2);
        var placed = false;
        for (var i = 0; i < pairs.Count; i += 2)
        {
            var key = (_document.Resolve(pairs[i], _revision) as PdfString
                ?? throw new MalformedContentException("a name tree key is not a string", location: "PDF name tree")).Bytes;
            var order = placed ? 1 : Compare(FileNameKey, key);
            if (order <= 0 && !placed)
            {
                updated.Add(new PdfString(FileNameKey, -1, -1));
                updated.Add(value);
                placed = true;
                if (order == 0)
                {
                    continue; // the key maps to the new file specification instead
                }
            }

            updated.Add(pairs[i]);
            updated.Add(pairs[i + 1]);
        }

        if (!placed)
        {
            updated.Add(new PdfString(FileNameKey, -1, -1));
            updated.Add(value);
        }

        copy["Names"] = updated;
        if (node["Limits"] is not null)
        {
            var first = ((PdfString)_document.Resolve(updated[0], _revision)!).Bytes;
            var last = ((PdfString)_document.Resolve(updated[^2], _revision)!).Bytes;
            copy["Limits"] = new List<object?> { new PdfString(first, -1, -1), new PdfString(last, -1, -1) };
        }

        return copy;
    }

    private PdfDictionary ResolveNode(object? value) =>
        _document.Resolve(value, _revision) as PdfDictionary
        ?? throw new MalformedContentException("a name tree /Kids entry is not a dictionary", location: "PDF name tree");

    private (byte[] Low, byte[] High)? Limits(PdfDictionary node) =>
        _document.Resolve(node["Limits"], _revision) is List<object?> { Count: 2 } limits
        && _document.Resolve(limits[0], _revision) is PdfString low && _document.Resolve(limits[1], _revision) is PdfString high
            ? (low.Bytes, high.Bytes)
            : null;

    private static List<object?> WidenLimits((byte[] Low, byte[] High)? limits)
    {
        var low = limits is { } l && Compare(l.Low, FileNameKey) < 0 ? l.Low : FileNameKey;
        var high = limits is { } h && Compare(h.High, FileNameKey) > 0 ? h.High : FileNameKey;
        return [new PdfString(low, -1, -1), new PdfString(high, -1, -1)];
    }

    /// <summary>Name tree keys sort as strings of bytes (ISO 32000-2 §7.9.6).</summary>
    private static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);

    private static string Key()
    {
        var text = new StringBuilder();
        PdfObjectWriter.WriteHexString(text, FileNameKey);
        return text.ToString();
    }

    private bool IsManifestFileSpec(object? value) =>
        value is PdfDictionary spec
        && (spec.IsName("AFRelationship", "C2PA_Manifest")
            || (_document.Resolve(spec["EF"], _revision) is PdfDictionary ef
                && _document.Resolve(ef["F"], _revision) is PdfStream stream
                && stream.Dictionary.IsName("Subtype", "application/c2pa")));

    private void SetObject(PdfRef reference, PdfDictionary value) =>
        _objects[reference.Number] = (reference.Generation, PdfObjectWriter.ToText(value));

    /// <summary>
    /// §A.4.2.1: a certified document (a DocMDP signature, ISO 32000-2 §12.8.2.2) with P 1 or 2 forbids this change;
    /// with P 3 the store must be referenced from a FileAttachment annotation, which MediaTrust does not write.
    /// </summary>
    private static void RefuseCertified(PdfDocument document, PdfDictionary catalog, int revision)
    {
        if (document.Resolve(catalog["Perms"], revision) is not PdfDictionary perms || perms["DocMDP"] is null)
        {
            return;
        }

        var permission = 2L; // §12.8.2.2.2, Table 257: P defaults to 2
        if (document.Resolve(perms["DocMDP"], revision) is PdfDictionary signature
            && document.Resolve(signature["Reference"], revision) is List<object?> references)
        {
            foreach (var item in references)
            {
                if (document.Resolve(item, revision) is PdfDictionary reference && reference.IsName("TransformMethod", "DocMDP")
                    && document.Resolve(reference["TransformParams"], revision) is PdfDictionary parameters
                    && document.Resolve(parameters["P"], revision) is long p)
                {
                    permission = p;
                }
            }
        }

        throw new NotSupportedException(permission is 1 or 2
            ? $"the PDF is certified with a DocMDP signature whose permissions (P={permission}) forbid adding a manifest store; spec 2.2 §A.4.2.1 allows it only with P=3"
            : $"the PDF is certified with a DocMDP signature (P={permission}); spec 2.2 §A.4.2.1 then requires referencing the store from a FileAttachment annotation, which MediaTrust does not write");
    }

    private static object? Newest(PdfDocument document, string key)
    {
        foreach (var section in document.Sections)
        {
            if (section.Trailer[key] is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private PdfDictionary Trailer(int size)
    {
        var trailer = new PdfDictionary { ["Size"] = (long)size };
        foreach (var (key, value) in _trailer.Entries)
        {
            trailer[key] = value;
        }

        trailer["Prev"] = _document.Sections[0].Offset;
        return trailer;
    }

    private int Size(SortedDictionary<int, (long Offset, int Generation)> offsets) =>
        Math.Max(_streamNumber, offsets.Keys.Max() + 1);

    // ISO 32000-2 §7.5.4: subsections of consecutive numbers, 20-byte entries.
    private void WriteXrefTable(Stream destination, SortedDictionary<int, (long Offset, int Generation)> offsets)
    {
        var text = new StringBuilder("xref\n");
        foreach (var (first, entries) in Subsections(offsets))
        {
            text.Append(CultureInfo.InvariantCulture, $"{first} {entries.Count}\n");
            foreach (var (offset, generation) in entries)
            {
                text.Append(CultureInfo.InvariantCulture, $"{offset:D10} {generation:D5} n\r\n");
            }
        }

        text.Append("trailer\n");
        PdfObjectWriter.Write(text, Trailer(Size(offsets)));
        text.Append('\n');
        WriteAscii(destination, text.ToString());
    }

    // ISO 32000-2 §7.5.8: type 1 rows, W [1 n 2] with n the bytes the largest offset needs; not compressed.
    private void WriteXrefStream(Stream destination, int number, SortedDictionary<int, (long Offset, int Generation)> offsets, long xrefOffset)
    {
        var width = 1;
        while (width < 8 && (xrefOffset >> (8 * width)) != 0)
        {
            width++;
        }

        var rowLength = 1 + width + 2;
        var rows = new byte[offsets.Count * rowLength];
        var index = new List<object?>();
        var row = 0;
        foreach (var (first, entries) in Subsections(offsets))
        {
            index.Add((long)first);
            index.Add((long)entries.Count);
            foreach (var (offset, generation) in entries)
            {
                var fields = rows.AsSpan(row++ * rowLength, rowLength);
                fields[0] = 1;
                for (var i = 0; i < width; i++)
                {
                    fields[width - i] = (byte)(offset >> (8 * i));
                }

                BinaryPrimitives.WriteUInt16BigEndian(fields[(1 + width)..], (ushort)generation);
            }
        }

        var dictionary = new PdfDictionary { ["Type"] = new PdfName("XRef") };
        foreach (var (key, value) in Trailer(Size(offsets)).Entries)
        {
            dictionary[key] = value;
        }

        dictionary["Index"] = index;
        dictionary["W"] = new List<object?> { 1L, (long)width, 2L };
        dictionary["Length"] = (long)rows.Length;
        WriteAscii(destination, FormattableString.Invariant($"{number} 0 obj\n{PdfObjectWriter.ToText(dictionary)}\nstream\n"));
        destination.Write(rows);
        WriteAscii(destination, "\nendstream\nendobj\n");
    }

    private static List<(int First, List<(long Offset, int Generation)> Entries)> Subsections(SortedDictionary<int, (long Offset, int Generation)> offsets)
    {
        var subsections = new List<(int First, List<(long Offset, int Generation)> Entries)>();
        foreach (var (number, entry) in offsets)
        {
            if (subsections.Count > 0 && subsections[^1].First + subsections[^1].Entries.Count == number)
            {
                subsections[^1].Entries.Add(entry);
            }
            else
            {
                subsections.Add((number, [entry]));
            }
        }

        return subsections;
    }

    private static void WriteAscii(Stream destination, string text) => destination.Write(Encoding.ASCII.GetBytes(text));
}
