using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Flac;
using MediaTrust.Formats.Mp3;
using MediaTrust.IO;

namespace MediaTrust.Formats.Id3;

public sealed class Id3FormatTests
{
    private static readonly byte[] MpegFrame = Convert.FromHexString("FFFB9064" + "00000000000000000000");

    /// <summary>An ID3v2.3 tag with one TIT2 frame and 16 bytes of padding, then an MPEG frame.</summary>
    private static byte[] Mp3WithTag()
    {
        var frame = Convert.FromHexString("54495432" + "00000006" + "0000" + "00" + "5469746C65"); // TIT2 "Title"
        var header = Convert.FromHexString("49443303000000000000");
        Id3Tag.WriteSyncSafe(header.AsSpan(6), frame.Length + 16);
        return [.. header, .. frame, .. new byte[16], .. MpegFrame];
    }

    [Fact]
    public void Mp3_without_a_tag_round_trips_to_the_original()
    {
        var embedded = FormatAssert.RoundTrip(Mp3Format.Instance, MpegFrame);
        // A new v2.4 tag: header, GEOB header (syncsafe size), ISO-8859-1, MIME, empty filename, description.
        Assert.Equal("494433040000", OpaqueStores.Hex(embedded.AsSpan(0, 6)));
        Assert.Equal("47454F42", OpaqueStores.Hex(embedded.AsSpan(10, 4)));
        Assert.Equal("\0application/c2pa\0\0c2pa manifest store\0", System.Text.Encoding.Latin1.GetString(embedded, 20, 39));
    }

    [Fact]
    public void Mp3_with_a_v23_tag_keeps_frames_and_padding()
    {
        var original = Mp3WithTag();
        var embedded = FormatAssert.RoundTrip(Mp3Format.Instance, original);
        var tag = Id3Tag.Read(new MemoryStream(embedded), default)!;
        Assert.Equal(["TIT2", "GEOB"], tag.Frames.Select(f => f.Id));
        Assert.Equal(16, tag.Padding);
        Assert.Equal(1000u + 39, BinaryPrimitives.ReadUInt32BigEndian(embedded.AsSpan((int)tag.Frames[1].Range.Start + 4))); // v2.3: plain size
    }

    [Fact]
    public void Flac_round_trip_puts_the_tag_before_the_marker()
    {
        byte[] flac = [.. "fLaC"u8, 0x80, 0, 0, 34, .. new byte[34]];
        var embedded = FormatAssert.RoundTrip(FlacFormat.Instance, flac);
        Assert.True(FlacFormat.Instance.IsMatch(embedded));
    }

    [Fact]
    public void Frame_past_the_tag_is_malformed()
    {
        var file = Mp3WithTag();
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(14), 0x7FFFFFFF);
        Assert.Equal("ID3/TIT2", FormatAssert.Rejects(Mp3Format.Instance, file).Location);
    }

    [Fact]
    public void Tag_longer_than_the_file_is_malformed()
    {
        var file = Mp3WithTag();
        Id3Tag.WriteSyncSafe(file.AsSpan(6), 1 << 27);
        FormatAssert.Rejects(Mp3Format.Instance, file);
    }

    [Fact]
    public void Compressed_geob_is_skipped_not_decoded()
    {
        var body = "\0application/c2pa\0\0\0"u8.ToArray().Concat(OpaqueStores.Create(100)).ToArray();
        var frame = Convert.FromHexString("47454F42" + body.Length.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + "0080");
        var header = Convert.FromHexString("49443303000000000000");
        Id3Tag.WriteSyncSafe(header.AsSpan(6), frame.Length + body.Length);
        FormatAssert.RejectsOrIgnores(Mp3Format.Instance, [.. header, .. frame, .. body, .. MpegFrame]);
        Assert.Empty(Mp3Format.Instance.ReadLayout(new MemoryStream([.. header, .. frame, .. body, .. MpegFrame])).Stores);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_id3_files_match_the_manifest() =>
        CorpusConformance.Check(f => f is Mp3Format or FlacFormat, "mp3", "flac");

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_signed_mp3_carriage_matches_its_data_hash_exclusion()
    {
        // cicadas_trusted.mp3's c2pa.hash.data excludes {start 196, length 14612}.
        using var stream = File.OpenRead(Testing.SharedFolder.RequireCorpusFile("c2pa-extension-validator/test/media/cicadas_trusted.mp3"));
        var store = Assert.Single(Mp3Format.Instance.ReadLayout(stream).Stores);
        Assert.Equal(new ByteRange(196, 14612), Assert.Single(store.Carriage));
    }
}
