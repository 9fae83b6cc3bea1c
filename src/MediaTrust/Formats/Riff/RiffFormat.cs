using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;

namespace MediaTrust.Formats.Riff;

/// <summary>
/// RIFF containers (WAV, AVI, WebP). The manifest store is the data of a top-level chunk with id
/// <c>C2PA</c> at the end of the RIFF chunk (spec 2.2 §A.3.6); the data hash excludes the whole chunk,
/// header and pad byte included. Box names follow §18.7.3.5: the 12-byte RIFF header is named by its
/// form type, each L1 chunk by its id (a LIST by its list type).
/// </summary>
internal sealed partial class RiffFormat : IAssetFormat, IManifestEmbedder
{
    private const int ChunkHeaderLength = 8;
    private const int RiffHeaderLength = 12;

    public static RiffFormat Wav { get; } = new("WAV", "WAVE", ["audio/wav", "audio/vnd.wave", "audio/wave", "audio/x-wav"], ["wav", "bwf"]);

    public static RiffFormat Avi { get; } = new("AVI", "AVI ", ["video/avi", "video/msvideo", "video/x-msvideo"], ["avi"]);

    public static RiffFormat WebP { get; } = new("WebP", "WEBP", ["image/webp"], ["webp"]);

    private readonly byte[] _formType;

    private RiffFormat(string name, string formType, IReadOnlyList<string> mediaTypes, IReadOnlyList<string> extensions)
    {
        Name = name;
        _formType = System.Text.Encoding.ASCII.GetBytes(formType);
        MediaTypes = mediaTypes;
        Extensions = extensions;
    }

    public string Name { get; }

    public IReadOnlyList<string> MediaTypes { get; }

    public IReadOnlyList<string> Extensions { get; }

    public bool IsMatch(ReadOnlySpan<byte> header) =>
        header.Length >= RiffHeaderLength && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual(_formType);

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        var riff = RiffChunks.Read(asset, cancellationToken);
        var stores = new List<EmbeddedStore>();
        var boxes = new List<AssetBox>(riff.Chunks.Count + 1) { new(Tag(riff.FormType), new ByteRange(0, RiffHeaderLength)) };
        string? remote = null;
        foreach (var chunk in riff.Chunks)
        {
            boxes.Add(new AssetBox(chunk.Name, chunk.Range));
            if (chunk.IsC2pa)
            {
                var bytes = AssetStream.ReadBytes(asset, chunk.DataStart, chunk.DataLength, "RIFF/C2PA");
                stores.Add(new EmbeddedStore
                {
                    Jumbf = JumbfStore.RequireStore(bytes, chunk.DataStart, "RIFF/C2PA"),
                    Carriage = [chunk.Range],
                });
            }
            else if (chunk.IsXmp && remote is null)
            {
                var xmp = AssetStream.ReadBytes(asset, chunk.DataStart, chunk.DataLength, "RIFF/XMP", FormatLimits.MaxMetadataLength);
                remote = XmpPacket.FindRemoteManifestUrl(xmp);
            }
        }

        return new AssetLayout { Stores = stores, Boxes = boxes, RemoteManifestUrl = remote, Length = asset.Length };
    }

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var riff = RiffChunks.Read(source, cancellationToken);
        var start = destination.Position;
        var padded = store.Length + (store.Length & 1);
        var riffLength = Write(source, destination, riff, ChunkHeaderLength + padded, cancellationToken);

        // Spec 2.2 §A.3.6: the C2PA chunk comes last in the RIFF chunk.
        var chunkStart = destination.Position - start;
        Span<byte> header = stackalloc byte[ChunkHeaderLength];
        "C2PA"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)store.Length);
        destination.Write(header);
        destination.Write(store.Span);
        if ((store.Length & 1) != 0)
        {
            destination.WriteByte(0);
        }

        AssetStream.CopyRange(source, riffLength, source.Length - riffLength, destination, cancellationToken);
        return new StorePlacement { Carriage = [new ByteRange(chunkStart, ChunkHeaderLength + padded)], StoreLength = store.Length };
    }

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var riff = RiffChunks.Read(source, cancellationToken);
        var riffLength = Write(source, destination, riff, 0, cancellationToken);
        AssetStream.CopyRange(source, riffLength, source.Length - riffLength, destination, cancellationToken);
    }

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store) =>
        StorePatch.WriteContiguous(destination, placement, store, ChunkHeaderLength);

    /// <summary>Writes the RIFF header and every chunk except C2PA ones; returns the source RIFF chunk's length.</summary>
    private static long Write(Stream source, Stream destination, RiffChunks riff, long extra, CancellationToken cancellationToken)
    {
        long body = 4 + extra;
        foreach (var chunk in riff.Chunks)
        {
            if (!chunk.IsC2pa)
            {
                body += chunk.Range.Length + (chunk.Range.Length & 1);
            }
        }

        WriteRiffHeader(destination, body, riff.FormType);
        foreach (var chunk in riff.Chunks)
        {
            if (chunk.IsC2pa)
            {
                continue;
            }

            AssetStream.CopyRange(source, chunk.Range.Start, chunk.Range.Length, destination, cancellationToken);
            if ((chunk.Range.Length & 1) != 0)
            {
                destination.WriteByte(0); // a final chunk that lacked its pad byte
            }
        }

        return riff.RiffLength;
    }

    private static string Tag(uint fourCc) => RiffChunks.FourCc(fourCc);

    /// <summary>
    /// Writes the 12-byte RIFF header: <c>RIFF</c>, the little-endian length of what follows it, and the form type.
    /// The length is 32-bit: a body over 4 GiB would need RF64, which is not written.
    /// </summary>
    private static void WriteRiffHeader(Stream destination, long body, uint formType)
    {
        if (body > uint.MaxValue)
        {
            throw new MalformedContentException("the RIFF chunk would exceed 4 GiB (RF64 is not supported)", offset: 0, location: "RIFF");
        }

        Span<byte> header = stackalloc byte[RiffHeaderLength];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)body);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], formType);
        destination.Write(header);
    }
}
