using MediaTrust.IO;

namespace MediaTrust.Formats.Bmff;

/// <summary>
/// One ISO BMFF box with absolute offsets: what a <c>c2pa.hash.bmff.v2/v3</c> validator walks to apply
/// xpath exclusions (spec 2.2 §18.6) and to find Merkle leaves (one per <c>mdat</c> or fragment, §A.5.4).
/// </summary>
internal sealed class BmffBox
{
    private readonly List<BmffBox> _children = [];

    public required string Type { get; init; }

    /// <summary>The 16-byte extended type of a <c>uuid</c> box, else empty.</summary>
    public ReadOnlyMemory<byte> UserType { get; init; }

    /// <summary>Absolute offset of the box's first byte (its size field).</summary>
    public required long Offset { get; init; }

    /// <summary>Total size including the header (a size-0 box is resolved to the end of its parent).</summary>
    public required long Size { get; init; }

    /// <summary>Bytes of size, type, largesize and extended type.</summary>
    public required int HeaderLength { get; init; }

    /// <summary>Slash path from the file root, e.g. <c>/moov/trak/mdia</c>.</summary>
    public required string Path { get; init; }

    public BmffBox? Parent { get; init; }

    /// <summary>Child boxes, for the container types the reader descends into; empty for leaf and media boxes.</summary>
    public IReadOnlyList<BmffBox> Children => _children;

    public long DataOffset => Offset + HeaderLength;

    public long End => Offset + Size;

    public ByteRange Range => new(Offset, Size);

    public bool IsC2pa => Type == "uuid" && UserType.Span.SequenceEqual(Spec.C2paBoxes.BmffUuid);

    internal void Add(BmffBox child) => _children.Add(child);

    /// <summary>Every box below this one, depth first, in file order.</summary>
    public IEnumerable<BmffBox> Descendants()
    {
        foreach (var child in _children)
        {
            yield return child;
            foreach (var d in child.Descendants())
            {
                yield return d;
            }
        }
    }

    public override string ToString() => $"{Path} {Range}";
}
