using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// PDF. Manifest stores are embedded file streams whose file specification has
/// <c>/AFRelationship /C2PA_Manifest</c> (and whose stream has <c>/Subtype /application#2Fc2pa</c>), referenced
/// from the catalog's <c>/AF</c> array (and, for viewers, from the <c>/EmbeddedFiles</c> name tree or a
/// FileAttachment annotation) (spec 2.2 §A.4.1, §A.4.2.1). Incremental updates may each add a store: every revision's catalog
/// is read, and the stores are reported oldest revision first, so the last one is the active manifest's store
/// and all are processed as one store (§A.4.2.1). The carriage is the stream's raw data, <c>Length</c> bytes
/// after the <c>stream</c> keyword's end of line: what signers (Adobe) exclude from the data hash. A PDF
/// signature added after C2PA adds its own <c>/Contents</c> exclusion (§A.4.2.2; see
/// <see cref="FindSignatureContents"/>). Object-level manifests (§A.4.3) belong to the objects they describe,
/// not to the document, and are not reported as stores.
/// </summary>
internal sealed partial class PdfFormat : IAssetFormat, IManifestEmbedder
{
    private const int MaxFormFields = 10_000;

    public static PdfFormat Instance { get; } = new();

    private PdfFormat()
    {
    }

    public string Name => "PDF";

    /// <summary>Each incremental update may append a store (spec 2.2 §15.5.2.2).</summary>
    public bool AllowsSeveralStores => true;

    /// <summary>The newest revision's store holds the active manifest (spec 2.2 §A.4.2.1).</summary>
    public EmbeddedStore ActiveStore(AssetLayout layout) => layout.Stores[^1];

    /// <summary>A PDF carries one store per incremental update, processed as one store (spec 2.2 §A.4.2.1).</summary>
    public ReadOnlyMemory<byte> StoreToRead(AssetLayout layout) => layout.Stores.Count > 1 ? CombineStores(layout.Stores) : layout.Stores[0].Jumbf;

    public string? UpdateManifestRefusal =>
        "an update manifest cannot be added to PDF files: its store would go in a new incremental update, after the bytes the previous manifest's hard binding covers, "
        + "so that binding would no longer match; sign a standard manifest instead, which is appended as a new incremental update (spec 2.2 §A.4.2.1)";

    public IReadOnlyList<string> MediaTypes { get; } = ["application/pdf"];

    public IReadOnlyList<string> Extensions { get; } = ["pdf"];

    /// <summary>The header <c>%PDF-</c> (ISO 32000-2 §7.5.2), at the start of the file.</summary>
    public bool IsMatch(ReadOnlySpan<byte> header) => header.StartsWith("%PDF-"u8);

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        AssetStream.RequireSeekable(asset);
        var document = PdfDocument.Open(asset, cancellationToken);
        var found = new Dictionary<long, (int Revision, PdfStream Stream)>();
        string? remote = null;
        var sawCatalog = false;

        // Oldest revision first: §A.4.2.1 makes the base PDF's store the initial manifest and the newest the active one.
        for (var revision = document.Sections.Count - 1; revision >= 0; revision--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trailer = document.Sections[revision].Trailer;
            if (trailer["Root"] is not PdfRef root)
            {
                continue; // e.g. the main table of a linearized file, whose Root is in the first-page trailer
            }

            if (document.GetObject(root, revision, 0) is not PdfDictionary catalog)
            {
                throw new MalformedContentException($"trailer /Root {root} is not a dictionary", offset: document.Sections[revision].Offset, location: "PDF trailer");
            }

            sawCatalog = true;
            foreach (var stream in FindManifestStreams(document, catalog, revision))
            {
                found.TryAdd(stream.DataStart, (revision, stream));
            }

            // XMP of the newest catalog; streams of an encrypted PDF are unreadable without the key (skipped).
            if (revision == FirstCatalogRevision(document) && !document.IsEncrypted)
            {
                remote = ReadRemoteUrl(document, catalog, revision);
            }
        }

        if (!sawCatalog)
        {
            throw new MalformedContentException("no trailer names a document catalog (/Root)", location: "PDF trailer");
        }

        var stores = new List<EmbeddedStore>(found.Count);
        foreach (var (revision, stream) in found.Values.OrderByDescending(f => f.Revision).ThenBy(f => f.Stream.DataStart))
        {
            var jumbf = document.DecodeStream(stream, FormatLimits.MaxStoreLength, revision);
            stores.Add(new EmbeddedStore
            {
                Jumbf = JumbfStore.RequireStore(jumbf, stream.DataStart, "PDF embedded file"),
                Carriage = [new ByteRange(stream.DataStart, stream.DataLength)],
            });
        }

        return new AssetLayout { Stores = stores, RemoteManifestUrl = remote, Length = asset.Length };
    }

    internal static int FirstCatalogRevision(PdfDocument document)
    {
        for (var i = 0; i < document.Sections.Count; i++)
        {
            if (document.Sections[i].Trailer["Root"] is PdfRef)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Embedded file streams of C2PA file specifications in the catalog's /AF array. §A.4.2.1 requires that
    /// entry for a document-level store; the /EmbeddedFiles name tree or annotation that must also reference it
    /// is for PDF viewers, so a file specification found only there is not a document store (and an encrypted
    /// PDF's name tree, often in an encrypted object stream, need not be read).
    /// </summary>
    internal static List<PdfStream> FindManifestStreams(PdfDocument document, PdfDictionary catalog, int revision)
    {
        var streams = new List<PdfStream>();
        if (document.Resolve(catalog["AF"], revision) is List<object?> associated)
        {
            foreach (var item in associated)
            {
                AddIfManifest(document, document.Resolve(item, revision), revision, streams);
            }
        }

        return streams;
    }

    /// <summary>
    /// Adds the embedded file stream of <paramref name="value"/> when it is a C2PA file specification: its
    /// <c>/AFRelationship</c> is <c>/C2PA_Manifest</c> or its stream's <c>/Subtype</c> is <c>application/c2pa</c>
    /// (§A.4.1 asks for both; Adobe's files carry only the former).
    /// </summary>
    private static void AddIfManifest(PdfDocument document, object? value, int revision, List<PdfStream> streams)
    {
        if (value is not PdfDictionary fileSpec || document.Resolve(fileSpec["EF"], revision) is not PdfDictionary embedded)
        {
            return;
        }

        var stream = document.Resolve(embedded["F"], revision) as PdfStream ?? document.Resolve(embedded["UF"], revision) as PdfStream;
        if (stream is null)
        {
            return;
        }

        if (fileSpec.IsName("AFRelationship", "C2PA_Manifest") || stream.Dictionary.IsName("Subtype", "application/c2pa"))
        {
            streams.Add(stream);
        }
    }

    private static string? ReadRemoteUrl(PdfDocument document, PdfDictionary catalog, int revision)
    {
        if (document.Resolve(catalog["Metadata"], revision) is not PdfStream metadata)
        {
            return null;
        }

        return XmpPacket.FindRemoteManifestUrl(document.DecodeStream(metadata, FormatLimits.MaxMetadataLength, revision));
    }

    /// <summary>
    /// The byte ranges of the <c>/Contents</c> strings of the PDF signatures in the newest revision's
    /// AcroForm (ISO 32000-2 §12.8.1): a PDF signature applied after C2PA signing adds exactly this range to the
    /// <c>c2pa.hash.data</c> exclusions (spec 2.2 §A.4.2.2).
    /// </summary>
    public static IReadOnlyList<ByteRange> FindSignatureContents(Stream asset, CancellationToken cancellationToken = default)
    {
        AssetStream.RequireSeekable(asset);
        var document = PdfDocument.Open(asset, cancellationToken);
        var revision = FirstCatalogRevision(document);
        var ranges = new List<ByteRange>();
        if (revision < 0
            || document.Resolve(document.Sections[revision].Trailer["Root"], revision) is not PdfDictionary catalog
            || document.Resolve(catalog["AcroForm"], revision) is not PdfDictionary form
            || document.Resolve(form["Fields"], revision) is not List<object?> fields)
        {
            return ranges;
        }

        var visited = 0;
        foreach (var field in fields)
        {
            CollectSignatures(document, document.Resolve(field, revision), revision, 0, ref visited, ranges);
        }

        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        return ranges;
    }

    private static void CollectSignatures(PdfDocument document, object? value, int revision, int depth, ref int visited, List<ByteRange> ranges)
    {
        if (value is not PdfDictionary field)
        {
            return;
        }

        if (depth > FormatLimits.MaxNestingDepth || ++visited > MaxFormFields)
        {
            throw new MalformedContentException("the AcroForm field tree is too deep or too large", location: "PDF /AcroForm");
        }

        // A /Contents parsed out of an object stream has no range in the file (TokenStart -1): skipped.
        if (field.IsName("FT", "Sig") && document.Resolve(field["V"], revision) is PdfDictionary signature && signature["Contents"] is PdfString { TokenStart: >= 0 } contents)
        {
            ranges.Add(new ByteRange(contents.TokenStart, contents.TokenLength));
        }

        if (document.Resolve(field["Kids"], revision) is List<object?> kids)
        {
            foreach (var kid in kids)
            {
                CollectSignatures(document, document.Resolve(kid, revision), revision, depth + 1, ref visited, ranges);
            }
        }
    }
}
