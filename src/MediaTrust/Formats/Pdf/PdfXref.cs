namespace MediaTrust.Formats.Pdf;

/// <summary>
/// One cross-reference entry (ISO 32000-2 §7.5.4, §7.5.8.3): type 0 free, 1 in use at a byte offset,
/// 2 compressed inside an object stream.
/// </summary>
internal readonly record struct PdfXrefEntry(byte Type, long Field2, long Field3);

/// <summary>One cross-reference section with its trailer: one revision of the document (ISO 32000-2 §7.5.6).</summary>
internal sealed class PdfXrefSection
{
    public required long Offset { get; init; }

    public required PdfDictionary Trailer { get; init; }

    public Dictionary<int, PdfXrefEntry> Entries { get; } = [];
}
