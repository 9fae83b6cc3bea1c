namespace MediaTrust.Formats.Pdf;

// The PDF object model (ISO 32000-2 §7.3), kept minimal: numbers are boxed long or double, booleans are
// boxed bool, the null object is C# null, arrays are List<object?>.

/// <summary>A PDF name without its solidus, <c>#xx</c> escapes decoded (ISO 32000-2 §7.3.5).</summary>
internal sealed record PdfName(string Value)
{
    public override string ToString() => "/" + Value;
}

/// <summary>An indirect reference <c>n g R</c> (ISO 32000-2 §7.3.10).</summary>
internal readonly record struct PdfRef(int Number, int Generation)
{
    public override string ToString() => $"{Number} {Generation} R";
}

/// <summary>A literal or hexadecimal string's bytes, and where its token sits in the file (for signature <c>/Contents</c>); -1 inside an object stream.</summary>
internal sealed record PdfString(byte[] Bytes, long TokenStart, long TokenLength);

/// <summary>
/// A dictionary (ISO 32000-2 §7.3.7); a missing key and a null value are the same thing. Entries keep the order
/// they were added in, so a dictionary written back (an incremental update's new catalog) reads like the original.
/// </summary>
internal sealed class PdfDictionary
{
    private readonly Dictionary<string, object?> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public int Count => _entries.Count;

    /// <summary>The entries in the order their keys were first added.</summary>
    public IEnumerable<KeyValuePair<string, object?>> Entries
    {
        get
        {
            foreach (var key in _order)
            {
                yield return new(key, _entries[key]);
            }
        }
    }

    public object? this[string key]
    {
        get => _entries.GetValueOrDefault(key);
        set
        {
            if (_entries.TryAdd(key, value))
            {
                _order.Add(key);
            }
            else
            {
                _entries[key] = value;
            }
        }
    }

    /// <summary>A shallow copy: the same values under the same keys, in the same order.</summary>
    public PdfDictionary Copy()
    {
        var copy = new PdfDictionary();
        foreach (var (key, value) in Entries)
        {
            copy[key] = value;
        }

        return copy;
    }

    public bool IsName(string key, string name) => this[key] is PdfName n && n.Value == name;
}

/// <summary>A stream object: its dictionary and where its raw (still encoded) data lies in the file (ISO 32000-2 §7.3.8).</summary>
internal sealed record PdfStream(PdfDictionary Dictionary, long DataStart, long DataLength);
