using MediaTrust.IO;

namespace MediaTrust.Jumbf;

/// <summary>How a box header states its length (ISO/IEC 14496-12 §4.2, used by JUMBF): kept so a box re-serializes byte for byte.</summary>
internal enum BoxLengthForm : byte
{
    /// <summary>A 32-bit LBox holding the whole box length.</summary>
    Standard,

    /// <summary>LBox = 1 and a 64-bit XLBox after TBox.</summary>
    Extended,

    /// <summary>LBox = 0: the box runs to the end of its container.</summary>
    ToEnd,
}

/// <summary>
/// One JUMBF box as read: its type, where it sits, and its raw bytes. A superbox (<c>jumb</c>) also
/// has its description box and child boxes. Nothing is copied: every slice points into the bytes
/// that were parsed, so hashes and signatures are computed over exactly what was read.
/// </summary>
internal sealed class JumbfBox
{
    private const string DeferredLocation = "(deferred)";

    // Superboxes with more children than this answer label lookups from an index built on the first lookup.
    private const int LabelIndexThreshold = 16;

    // Label -> the only child superbox with it, or null when several share it (built lazily, then shared read-only).
    private Dictionary<string, JumbfBox?>? _childrenByLabel;

    private readonly JumbfPath _container;
    private readonly JumbfPath? _own;

    // container: the path of the enclosing superbox (or the reader's root), shared with the siblings.
    // own: for a superbox, its own path node (shared with its children); null for a content box, whose path is
    // the container's plus its type.
    internal JumbfBox(uint type, long offset, ReadOnlyMemory<byte> raw, int headerLength, BoxLengthForm lengthForm, JumbfPath container, JumbfPath? own = null)
    {
        Type = type;
        Offset = offset;
        Raw = raw;
        HeaderLength = headerLength;
        LengthForm = lengthForm;
        _container = container;
        _own = own;
    }

    /// <summary>The box type (TBox) as a big-endian 32-bit value.</summary>
    public uint Type { get; }

    /// <summary>The box type as four characters, e.g. <c>jumb</c>, <c>cbor</c>.</summary>
    public string TypeName => FourCC.ToString(Type);

    /// <summary>Offset of the box header from the start of the bytes that were parsed, plus the base offset given to the reader.</summary>
    public long Offset { get; }

    /// <summary>The whole box, header included.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>8, or 16 with an XLBox.</summary>
    public int HeaderLength { get; }

    /// <summary>How the header states the length.</summary>
    public BoxLengthForm LengthForm { get; }

    /// <summary>
    /// The box contents after the LBox/TBox(/XLBox) header. For a superbox this is what a JUMBF box
    /// hash covers: the description box and every content box (spec 2.2 §11.1.3.2).
    /// </summary>
    public ReadOnlyMemory<byte> Content => Raw[HeaderLength..];

    /// <summary>
    /// Where the box sits in the structure, e.g. <c>/c2pa/urn:c2pa:…/c2pa.claim.v2/cbor</c>; used in error messages.
    /// Built on each call from shared nodes (docs/robustness.md): call it when reporting, not per box in a loop.
    /// </summary>
    public string Path => _own?.ToString() ?? _container.Append(TypeName);

    /// <summary>
    /// Runs <paramref name="decode"/>, which reports errors at the location it is given, and puts this box's
    /// <see cref="Path"/> on its error: the path is built only when decoding fails, not once per decoded box
    /// (a path can be as long as the store; docs/robustness.md).
    /// </summary>
    internal T DecodeAt<T>(Func<string, T> decode)
    {
        var marker = new string(DeferredLocation);
        try
        {
            return decode(marker);
        }
        catch (MalformedContentException e) when (ReferenceEquals(e.Location, marker))
        {
            throw new MalformedContentException(e.Reason, e.StatusCode, e.Offset, Path, e.InnerException);
        }
    }

    /// <summary>The shared path node of a superbox, for readers that parse bytes found inside it (e.g. a decompressed manifest).</summary>
    internal JumbfPath PathNode => _own ?? _container.Child(TypeName);

    /// <summary>Whether this is a superbox (<c>jumb</c>).</summary>
    public bool IsSuperBox => Type == BoxTypes.SuperBox;

    /// <summary>The description box of a superbox; null for content boxes.</summary>
    public JumbfDescription? Description { get; internal init; }

    /// <summary>The boxes after the description box of a superbox; empty for content boxes.</summary>
    public IReadOnlyList<JumbfBox> Children { get; internal init; } = [];

    /// <summary>The superbox label, when it has one.</summary>
    public string? Label => Description?.Label;

    /// <summary>The range of this box within the parsed bytes (shifted by the reader's base offset).</summary>
    public ByteRange Range => new(Offset, Raw.Length);

    /// <summary>The first child superbox with this label, or null.</summary>
    public JumbfBox? FindChild(string label)
    {
        foreach (var child in Children)
        {
            if (child.IsSuperBox && string.Equals(child.Label, label, StringComparison.Ordinal))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>
    /// The only child superbox with this label; null when none has it or several do (an ambiguous label leaves a
    /// reference unresolved, spec 2.2 §8.4.1). In a superbox of many children the answer comes from an index, so
    /// resolving R references among C siblings costs O(R + C), not O(R × C) (docs/robustness.md).
    /// </summary>
    public JumbfBox? FindUniqueChild(string label)
    {
        if (Children.Count > LabelIndexThreshold)
        {
            // Two threads may both build it; either copy is the same answer.
            return LazyInitializer.EnsureInitialized(ref _childrenByLabel, () => UniqueIndex.Build(Children.Where(c => c.IsSuperBox), c => c.Label))
                .GetValueOrDefault(label);
        }

        JumbfBox? found = null;
        foreach (var child in Children)
        {
            if (child.IsSuperBox && string.Equals(child.Label, label, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null;
                }

                found = child;
            }
        }

        return found;
    }

    /// <summary>The first child content box of this type, or null.</summary>
    public JumbfBox? FindContent(uint type)
    {
        foreach (var child in Children)
        {
            if (child.Type == type)
            {
                return child;
            }
        }

        return null;
    }

    public override string ToString() => IsSuperBox ? $"jumb {Label} {Description!.Type}" : TypeName;
}
