using System.Buffers.Binary;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Png;

/// <summary>
/// PNG (spec 2.2 §A.3.2): the store is the data of an ancillary <c>caBX</c> chunk. Reading walks the
/// chunk headers and seeks past chunk data; only <c>caBX</c> data is read, and its CRC checked.
/// Boxes for <c>c2pa.hash.boxes</c>: <c>PNGh</c> for the signature, then chunk types, <c>C2PA</c> for caBX (§18.7).
/// </summary>
internal sealed partial class PngFormat : IAssetFormat, IManifestEmbedder
{
    public static PngFormat Instance { get; } = new();

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint CaBX = FourCC.From("caBX");
    private static readonly uint Ihdr = FourCC.From("IHDR");
    private static readonly uint Iend = FourCC.From("IEND");

    public string Name => "PNG";

    /// <summary>The store is self-delimited: a larger one shifts only the bytes after it (spec 2.2 §15.12.1.1).</summary>
    public bool CanGrowStoreInPlace => true;

    public IReadOnlyList<string> MediaTypes { get; } = ["image/png"];

    public IReadOnlyList<string> Extensions { get; } = ["png"];

    public bool IsMatch(ReadOnlySpan<byte> header) => header.StartsWith(Signature);

    private readonly record struct Chunk(uint Type, long Start, long DataLength)
    {
        public long Length => DataLength + 12;

        public long End => Start + Length;
    }

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        var chunks = Scan(asset, cancellationToken, out var length);
        var stores = new List<EmbeddedStore>();
        var boxes = new List<AssetBox> { new("PNGh", new ByteRange(0, 8)) };
        foreach (var chunk in chunks)
        {
            var isStore = chunk.Type == CaBX;
            boxes.Add(new AssetBox(isStore ? "C2PA" : FourCC.ToString(chunk.Type), new ByteRange(chunk.Start, chunk.Length)));
            if (isStore)
            {
                stores.Add(new EmbeddedStore { Jumbf = ReadChunkData(asset, chunk), Carriage = [new ByteRange(chunk.Start, chunk.Length)] });
            }
        }

        return new AssetLayout { Stores = stores, Boxes = boxes, RemoteManifestUrl = FindRemoteManifestUrl(asset, chunks), Length = length };
    }

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        var chunks = Scan(source, cancellationToken, out var length);
        var outputStart = destination.Position;
        destination.Write(Signature);
        ByteRange? placed = null;
        foreach (var chunk in chunks)
        {
            if (chunk.Type == CaBX)
            {
                continue;
            }

            source.Position = chunk.Start;
            source.CopyBytes(destination, chunk.Length, cancellationToken);
            if (chunk.Type == Ihdr && placed is null)
            {
                // c2pa-rs puts caBX right after IHDR; the spec recommends before IDAT.
                placed = WriteChunk(destination, store.Span, outputStart);
            }
        }

        placed ??= WriteChunk(destination, store.Span, outputStart);
        CopyTrailer(source, destination, chunks, length, cancellationToken);
        return new StorePlacement { Carriage = [placed.Value], StoreLength = store.Length };
    }

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        var chunks = Scan(source, cancellationToken, out var length);
        destination.Write(Signature);
        foreach (var chunk in chunks)
        {
            if (chunk.Type != CaBX)
            {
                source.Position = chunk.Start;
                source.CopyBytes(destination, chunk.Length, cancellationToken);
            }
        }

        CopyTrailer(source, destination, chunks, length, cancellationToken);
    }

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store)
    {
        if (store.Length != placement.StoreLength || placement.Carriage.Count != 1 || placement.Carriage[0].Length != store.Length + 12L)
        {
            throw new ArgumentException("The patched store must keep the embedded store's length.", nameof(store));
        }

        destination.Position = placement.Carriage[0].Start + 8;
        destination.Write(store);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, ChunkCrc(CaBX, store));
        destination.Write(crc);
    }

    private static List<Chunk> Scan(Stream asset, CancellationToken cancellationToken, out long length)
    {
        length = asset.Length;
        asset.Position = 0;
        Span<byte> header = stackalloc byte[8];
        asset.ReadExactly(header, "PNG signature");
        if (!header.SequenceEqual(Signature))
        {
            throw new MalformedContentException("not a PNG: bad signature", ValidationStatusCodes.GeneralError, 0, "PNGh");
        }

        var chunks = new List<Chunk>();
        var position = 8L;
        while (position < length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            asset.Position = position;
            asset.ReadExactly(header, "PNG chunk header");
            var dataLength = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
            if (dataLength > int.MaxValue)
            {
                throw new MalformedContentException(
                    $"{FourCC.ToString(type)} chunk length {dataLength} exceeds the PNG limit of 2^31-1", ValidationStatusCodes.GeneralError, position, FourCC.ToString(type));
            }

            var chunk = new Chunk(type, position, dataLength);
            if (chunk.End > length)
            {
                throw new MalformedContentException(
                    $"{FourCC.ToString(type)} chunk of {chunk.Length} bytes runs past the end of the file ({length - position} bytes remain)",
                    ValidationStatusCodes.GeneralError, position, FourCC.ToString(type));
            }

            chunks.Add(chunk);
            position = chunk.End;
            if (type == Iend)
            {
                break;
            }
        }

        return chunks;
    }

    private static byte[] ReadChunkData(Stream asset, Chunk chunk)
    {
        var data = new byte[chunk.DataLength];
        asset.Position = chunk.Start + 8;
        asset.ReadExactly(data, "caBX chunk data");
        Span<byte> crc = stackalloc byte[4];
        asset.ReadExactly(crc, "caBX chunk CRC");
        var expected = ChunkCrc(chunk.Type, data);
        var actual = BinaryPrimitives.ReadUInt32BigEndian(crc);
        if (expected != actual)
        {
            throw new MalformedContentException(
                $"caBX chunk CRC is {actual:X8}, the data gives {expected:X8}", ValidationStatusCodes.GeneralError, chunk.Start + 8 + chunk.DataLength, "caBX");
        }

        return data;
    }

    private static uint ChunkCrc(uint type, ReadOnlySpan<byte> data)
    {
        Span<byte> typeBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(typeBytes, type);
        return Crc32.Append(Crc32.Append(0, typeBytes), data);
    }

    private static ByteRange WriteChunk(Stream destination, ReadOnlySpan<byte> data, long outputStart)
    {
        var start = destination.Position;
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], CaBX);
        destination.Write(header);
        destination.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(header, ChunkCrc(CaBX, data));
        destination.Write(header[..4]);
        return new ByteRange(start - outputStart, data.Length + 12L);
    }

    private static void CopyTrailer(Stream source, Stream destination, List<Chunk> chunks, long length, CancellationToken cancellationToken)
    {
        var end = chunks.Count > 0 ? chunks[^1].End : 8;
        source.Position = end;
        source.CopyBytes(destination, length - end, cancellationToken);
    }
}
