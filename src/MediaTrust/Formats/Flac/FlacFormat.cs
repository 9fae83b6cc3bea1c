using MediaTrust.Formats.Id3;

namespace MediaTrust.Formats.Flac;

/// <summary>
/// FLAC: spec 2.2 §A.3.4 carries the store in an ID3v2 GEOB frame, so (as for MP3) the tag precedes the
/// <c>fLaC</c> marker; FLAC decoders skip a leading ID3v2 tag. See <see cref="Id3Container"/>.
/// </summary>
internal sealed class FlacFormat : Id3CarriedFormat
{
    public static FlacFormat Instance { get; } = new();

    private FlacFormat()
    {
    }

    public override string Name => "FLAC";

    public override IReadOnlyList<string> MediaTypes { get; } = ["audio/flac", "audio/x-flac"];

    public override IReadOnlyList<string> Extensions { get; } = ["flac"];

    /// <summary><c>fLaC</c>, or an ID3v2 tag followed (within the header) by <c>fLaC</c>.</summary>
    public override bool IsMatch(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 4 && header[..4].SequenceEqual("fLaC"u8))
        {
            return true;
        }

        if (!Id3Tag.StartsWithTag(header))
        {
            return false;
        }

        var end = 10 + Id3Tag.SyncSafe(header[6..]) + ((header[5] & 0x10) != 0 ? 10 : 0);
        return end + 4 <= header.Length && header.Slice((int)end, 4).SequenceEqual("fLaC"u8);
    }
}
