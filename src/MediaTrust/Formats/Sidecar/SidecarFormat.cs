using System.Buffers.Binary;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Sidecar;

/// <summary>
/// A standalone manifest store (<c>.c2pa</c>, <c>application/c2pa</c>, spec 2.2 §11.4): the file is the
/// store. Recognized by its first bytes: a <c>jumb</c> box whose description has the <c>c2pa</c> type.
/// </summary>
internal sealed class SidecarFormat : IAssetFormat, IManifestEmbedder
{
    public static SidecarFormat Instance { get; } = new();

    /// <summary>Largest sidecar read into memory.</summary>
    public const long MaxLength = 512L * 1024 * 1024;

    public string Name => "C2PA";

    public bool IsStandaloneStore => true;

    public IReadOnlyList<string> MediaTypes { get; } = ["application/c2pa"];

    public IReadOnlyList<string> Extensions { get; } = ["c2pa"];

    public bool IsMatch(ReadOnlySpan<byte> header) => header.Length >= 20
        && BinaryPrimitives.ReadUInt32BigEndian(header[4..]) == BoxTypes.SuperBox
        && BinaryPrimitives.ReadUInt32BigEndian(header[12..]) == BoxTypes.Description
        && BinaryPrimitives.ReadUInt32BigEndian(header[16..]) == C2paBoxes.ManifestStoreFourCC;

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        var length = asset.Length;
        if (length > MaxLength)
        {
            throw new MalformedContentException($"manifest store file of {length} bytes exceeds the {MaxLength}-byte limit", ValidationStatusCodes.GeneralError, 0, "c2pa");
        }

        var bytes = new byte[length];
        asset.Position = 0;
        asset.ReadExactly(bytes, "manifest store");
        return new AssetLayout
        {
            Stores = [new EmbeddedStore { Jumbf = bytes, Carriage = [new ByteRange(0, length)] }],
            Boxes = [new AssetBox("C2PA", new ByteRange(0, length))],
            Length = length,
        };
    }

    /// <summary>Writes the store: a sidecar holds nothing else, so <paramref name="source"/> is not read.</summary>
    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        var start = destination.Position;
        destination.Write(store.Span);
        return new StorePlacement { Carriage = [new ByteRange(0, destination.Position - start)], StoreLength = store.Length };
    }

    /// <summary>A sidecar without its store is empty.</summary>
    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
    }

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store)
    {
        if (store.Length != placement.StoreLength)
        {
            throw new ArgumentException("The patched store must keep the embedded store's length.", nameof(store));
        }

        destination.Position = placement.Carriage[0].Start;
        destination.Write(store);
    }
}
