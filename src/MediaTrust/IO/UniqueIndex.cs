namespace MediaTrust.IO;

/// <summary>
/// Lookups by a label that must be unique (spec 2.2 §8.4.1: an ambiguous label leaves a reference unresolved): each label
/// maps to its only item, or to null when several items share it. Built once, so R lookups among C items cost R + C.
/// </summary>
internal static class UniqueIndex
{
    public static Dictionary<string, T?> Build<T>(IEnumerable<T> items, Func<T, string?> labelOf)
        where T : class
    {
        var index = new Dictionary<string, T?>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (labelOf(item) is { } label)
            {
                index[label] = index.ContainsKey(label) ? null : item;
            }
        }

        return index;
    }
}
