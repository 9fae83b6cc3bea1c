namespace MediaTrust.Formats.Common;

/// <summary>
/// Bounds every container parser applies before it allocates or recurses, so a hostile file costs at most
/// these amounts. Real manifest stores are kilobytes to a few megabytes (thumbnails included).
/// </summary>
internal static class FormatLimits
{
    /// <summary>Largest manifest store any format will load into memory.</summary>
    public const int MaxStoreLength = 256 * 1024 * 1024;

    /// <summary>Deepest box/chunk nesting a parser follows (BMFF, RIFF LIST, JUMBF inside containers).</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Most boxes/chunks/blocks a parser visits in one file before it calls the file hostile.</summary>
    public const int MaxElementCount = 1_000_000;

    /// <summary>Largest metadata block (XMP packet, ID3 tag, SVG document) loaded into memory.</summary>
    public const int MaxMetadataLength = 64 * 1024 * 1024;

    /// <summary>Fixed part of what a compressed metadata block (a PNG's XMP <c>iTXt</c>) may inflate to.</summary>
    public const int InflateAllowance = 1024 * 1024;

    /// <summary>
    /// Most bytes a compressed metadata block of <paramref name="compressedLength"/> bytes may inflate to:
    /// <see cref="InflateAllowance"/> + <see cref="DecodeRatio"/> × its length, and never past
    /// <see cref="MaxMetadataLength"/>. A real XMP packet fits the allowance whatever its padding; a zlib bomb (up to
    /// ~1032:1) does not get to cost a thousand times its size (docs/robustness.md).
    /// </summary>
    public static long MetadataInflateLimit(long compressedLength) =>
        Math.Min(MaxMetadataLength, InflateAllowance + (DecodeRatio * compressedLength));

    /// <summary>Fixed part of what all the decoded streams of one PDF may total (see <see cref="PdfDecodeBudget"/>).</summary>
    public const int PdfDecodeAllowance = 32 * 1024 * 1024;

    /// <summary>
    /// Per-byte part of <see cref="PdfDecodeBudget"/> and <see cref="MetadataInflateLimit"/>: Flate expands up to ~1032:1, real
    /// object streams, xref streams and XMP a few times.
    /// </summary>
    public const int DecodeRatio = 16;

    /// <summary>
    /// Most bytes one PDF's streams may read and decode together, whatever objects hold them (xref streams, object
    /// streams, XMP, embedded manifest stores): <see cref="PdfDecodeAllowance"/> + <see cref="DecodeRatio"/> × file
    /// length, so many small decompression bombs cannot add up (docs/robustness.md).
    /// </summary>
    public static long PdfDecodeBudget(long fileLength) => PdfDecodeAllowance + (DecodeRatio * fileLength);
}
