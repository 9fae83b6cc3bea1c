using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;

namespace MediaTrust.Formats.Gif;

/// <summary>
/// GIF 87a/89a. The manifest store is carried in data sub-blocks (≤255 bytes each) of an Application Extension
/// with identifier <c>C2PA_GIF</c> and authentication code 0x010000, after the header and before the first
/// image descriptor (spec 2.2 §A.3.7). The data hash excludes the whole extension block, introducer to
/// terminator. Box names follow §18.7.3.4 (<c>GIF89a</c>, <c>LSD</c>, <c>21FF</c>, <c>2C</c>, <c>TBID</c>, <c>3B</c>).
/// </summary>
internal sealed partial class GifFormat : IAssetFormat, IManifestEmbedder
{
    /// <summary>Introducer, label, block size, "C2PA_GIF", authentication code 1.0.0.</summary>
    private static ReadOnlySpan<byte> C2paHeader => [0x21, 0xFF, 0x0B, 0x43, 0x32, 0x50, 0x41, 0x5F, 0x47, 0x49, 0x46, 0x01, 0x00, 0x00];

    private const int ExtensionHeaderLength = 14;

    private static ReadOnlySpan<byte> MagicTrailerStart => [0x01, 0xFF, 0xFE, 0xFD];

    public static GifFormat Instance { get; } = new();

    private GifFormat()
    {
    }

    public string Name => "GIF";

    /// <summary>The store is self-delimited: a larger one shifts only the bytes after it (spec 2.2 §15.12.1.1).</summary>
    public bool CanGrowStoreInPlace => true;

    public IReadOnlyList<string> MediaTypes { get; } = ["image/gif"];

    public IReadOnlyList<string> Extensions { get; } = ["gif"];

    public bool IsMatch(ReadOnlySpan<byte> header) =>
        header.Length >= 6 && (header[..6].SequenceEqual("GIF89a"u8) || header[..6].SequenceEqual("GIF87a"u8));

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        var blocks = GifBlocks.Read(asset, cancellationToken);
        var stores = new List<EmbeddedStore>();
        var boxes = new List<AssetBox>(blocks.Count);
        string? remote = null;
        foreach (var block in blocks)
        {
            boxes.Add(new AssetBox(block.Name, block.Range));
            if (block.Kind == GifBlockKind.C2pa)
            {
                var data = GifBlocks.ReadSubBlocks(asset, block.Range.Start + ExtensionHeaderLength, block.Range.End, cancellationToken);
                stores.Add(new EmbeddedStore
                {
                    Jumbf = JumbfStore.RequireStore(data, block.Range.Start, "GIF/C2PA_GIF"),
                    Carriage = [block.Range],
                });
            }
            else if (block.Kind == GifBlockKind.Xmp && remote is null)
            {
                remote = XmpPacket.FindRemoteManifestUrl(ReadXmp(asset, block));
            }
        }

        return new AssetLayout { Stores = stores, Boxes = boxes, RemoteManifestUrl = remote, Length = asset.Length };
    }

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (store.IsEmpty)
        {
            throw new ArgumentException("An empty store cannot be embedded.", nameof(store));
        }

        var blocks = GifBlocks.Read(source, cancellationToken);
        var start = destination.Position;
        long placed = -1;
        long length = 0;
        foreach (var block in blocks)
        {
            if (block.Kind == GifBlockKind.C2pa)
            {
                continue;
            }

            AssetStream.CopyRange(source, block.Range.Start, block.Range.Length, destination, cancellationToken);
            if (block.Name == "LSD")
            {
                // Right after the logical screen descriptor and its global color table: before any image descriptor.
                placed = destination.Position - start;
                length = WriteExtension(destination, store.Span);
            }
        }

        return new StorePlacement { Carriage = [new ByteRange(placed, length)], StoreLength = store.Length };
    }

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var block in GifBlocks.Read(source, cancellationToken))
        {
            if (block.Kind != GifBlockKind.C2pa)
            {
                AssetStream.CopyRange(source, block.Range.Start, block.Range.Length, destination, cancellationToken);
            }
        }
    }

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store)
    {
        StorePatch.RequireSameLength(placement, store);
        var range = placement.Carriage[0];
        if (ExtensionLength(store.Length) != range.Length)
        {
            throw new ArgumentException("The placement does not describe a C2PA_GIF extension of this store's size.", nameof(placement));
        }

        // Same store length means the same sub-block layout: only the data bytes change.
        var pos = range.Start + ExtensionHeaderLength;
        for (var offset = 0; offset < store.Length; offset += 255)
        {
            var chunk = store.Slice(offset, Math.Min(255, store.Length - offset));
            AssetStream.WriteAt(destination, pos + 1, chunk);
            pos += 1 + chunk.Length;
        }
    }

    private static long ExtensionLength(int storeLength) => ExtensionHeaderLength + storeLength + ((storeLength + 254) / 255) + 1;

    private static long WriteExtension(Stream destination, ReadOnlySpan<byte> store)
    {
        destination.Write(C2paHeader);
        for (var offset = 0; offset < store.Length; offset += 255)
        {
            var chunk = store.Slice(offset, Math.Min(255, store.Length - offset));
            destination.WriteByte((byte)chunk.Length);
            destination.Write(chunk);
        }

        destination.WriteByte(0);
        return ExtensionLength(store.Length);
    }
}
