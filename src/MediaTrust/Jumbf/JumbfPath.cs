namespace MediaTrust.Jumbf;

/// <summary>
/// Where a superbox sits, e.g. <c>/c2pa/urn:c2pa:…/c2pa.assertions</c>, as a link to its parent's node plus its own
/// label. Boxes share their ancestors' nodes instead of each holding a copy of the whole path, so reading a store
/// costs memory proportional to its size however deep and long-labelled it is; the string is only built when an
/// error message or a caller asks for it (docs/robustness.md, "JUMBF paths").
/// </summary>
internal sealed class JumbfPath
{
    private readonly JumbfPath? _parent;
    private readonly string _segment;

    private JumbfPath(JumbfPath? parent, string segment)
    {
        _parent = parent;
        _segment = segment;
    }

    /// <summary>A root: <paramref name="prefix"/> is the whole text (e.g. empty, or where decompressed bytes came from).</summary>
    public static JumbfPath Root(string prefix) => new(null, prefix);

    /// <summary>The path of a child labelled <paramref name="segment"/>: this path, a slash, the segment.</summary>
    public JumbfPath Child(string segment) => new(this, segment);

    /// <summary>This path followed by a slash and <paramref name="segment"/>, built without creating a node.</summary>
    public string Append(string segment) => string.Concat(ToString(), "/", segment);

    public override string ToString()
    {
        if (_parent is null)
        {
            return _segment;
        }

        var length = 0;
        for (var node = this; node is not null; node = node._parent)
        {
            length += node._segment.Length + (node._parent is null ? 0 : 1);
        }

        return string.Create(length, this, static (span, path) =>
        {
            var end = span.Length;
            for (var node = path; node is not null; node = node._parent)
            {
                end -= node._segment.Length;
                node._segment.CopyTo(span[end..]);
                if (node._parent is not null)
                {
                    span[--end] = '/';
                }
            }
        });
    }
}
