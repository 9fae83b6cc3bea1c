using System.Buffers.Binary;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Pdf;

internal sealed partial class PdfFormat
{
    /// <summary>
    /// One store holding the manifests of every store of a PDF, oldest revision first, so the newest store's last
    /// manifest is the active one: §A.4.2.1 has a consumer "process all C2PA Manifests in all C2PA Manifest Stores as
    /// if they were contained in a single C2PA Manifest Store". The first store's description box heads it; a
    /// manifest box repeated byte for byte by a later store (a signer that copied its parent's manifests) is kept
    /// once. The boxes are copied unchanged, so every hashed URI still matches.
    /// </summary>
    /// <exception cref="MalformedContentException">A store is not well-formed JUMBF.</exception>
    public static byte[] CombineStores(IReadOnlyList<EmbeddedStore> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        var description = ReadOnlyMemory<byte>.Empty;
        var children = new List<ReadOnlyMemory<byte>>();
        var seen = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        long total = 8;
        foreach (var store in stores)
        {
            var root = JumbfReader.ReadBox(store.Jumbf, store.Carriage.Count > 0 ? store.Carriage[0].Start : 0);
            var childrenStart = root.Children.Count > 0 ? (int)(root.Children[0].Offset - root.Offset) : root.Raw.Length;
            if (description.IsEmpty)
            {
                description = root.Raw[root.HeaderLength..childrenStart];
                total += description.Length;
            }

            foreach (var child in root.Children)
            {
                if (child.Label is { } label && seen.TryGetValue(label, out var earlier) && earlier.Span.SequenceEqual(child.Raw.Span))
                {
                    continue;
                }

                if (child.Label is { } newLabel)
                {
                    seen.TryAdd(newLabel, child.Raw);
                }

                children.Add(child.Raw);
                total += child.Raw.Length;
            }
        }

        if (total > Common.FormatLimits.MaxStoreLength)
        {
            throw new MalformedContentException($"the PDF's manifest stores hold {total} bytes together, over the {Common.FormatLimits.MaxStoreLength}-byte limit", ValidationStatusCodes.GeneralError);
        }

        var combined = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(combined, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(combined.AsSpan(4), BoxTypes.SuperBox);
        var position = 8;
        description.Span.CopyTo(combined.AsSpan(position));
        position += description.Length;
        foreach (var child in children)
        {
            child.Span.CopyTo(combined.AsSpan(position));
            position += child.Length;
        }

        return combined;
    }
}
