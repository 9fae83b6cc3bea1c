namespace MediaTrust.IO;

/// <summary>Expands the fragment-file pattern of a fragmented MP4 (c2patool <c>--fragments_glob</c>): wildcards only in the file name.</summary>
internal static class FragmentGlob
{
    /// <summary>Most files one pattern may name.</summary>
    public const int MaxFiles = 100_000;

    /// <summary>
    /// The files matching <paramref name="glob"/>: a bare pattern is looked up in <paramref name="initPath"/>'s folder, a
    /// pattern with a folder part in that folder (relative to the current one). <c>*</c> matches any run of characters,
    /// <c>?</c> one; matching is case-insensitive where the file system is. Sorted ordinally; the init segment is left out.
    /// </summary>
    public static IReadOnlyList<string> Expand(string initPath, string glob)
    {
        ArgumentException.ThrowIfNullOrEmpty(initPath);
        ArgumentException.ThrowIfNullOrEmpty(glob);
        var pattern = Path.GetFileName(glob);
        var folder = Path.GetDirectoryName(glob);
        if (string.IsNullOrEmpty(folder))
        {
            folder = Path.GetDirectoryName(Path.GetFullPath(initPath))!;
        }

        if (pattern.Length == 0 || folder.IndexOfAny(['*', '?']) >= 0)
        {
            throw new ArgumentException($"'{glob}' must end in a file-name pattern; wildcards are allowed only in the file name.", nameof(glob));
        }

        if (!Directory.Exists(folder))
        {
            return [];
        }

        var init = Path.GetFullPath(initPath);
        var files = new List<string>();
        var enumeration = new EnumerationOptions { MatchType = MatchType.Simple, RecurseSubdirectories = false, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(folder, pattern, enumeration))
        {
            if (string.Equals(Path.GetFullPath(file), init, StringComparison.Ordinal))
            {
                continue;
            }

            if (files.Count == MaxFiles)
            {
                throw new ArgumentException($"'{glob}' matches more than {MaxFiles} files.", nameof(glob));
            }

            files.Add(file);
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
