using MediaTrust.Formats.Id3;

namespace MediaTrust.Formats.Mp3;

/// <summary>MP3: the store is a GEOB frame of the leading ID3v2 tag (spec 2.2 §A.3.4), see <see cref="Id3Container"/>.</summary>
internal sealed class Mp3Format : Id3CarriedFormat
{
    public static Mp3Format Instance { get; } = new();

    private Mp3Format()
    {
    }

    public override string Name => "MP3";

    public override IReadOnlyList<string> MediaTypes { get; } = ["audio/mpeg", "audio/mp3"];

    public override IReadOnlyList<string> Extensions { get; } = ["mp3"];

    /// <summary>An ID3v2 tag, or an MPEG audio frame sync with a valid layer.</summary>
    public override bool IsMatch(ReadOnlySpan<byte> header) =>
        Id3Tag.StartsWithTag(header) || (header.Length >= 2 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0 && (header[1] & 0x06) != 0);
}
