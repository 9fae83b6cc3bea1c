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
}
