using System.Security.Cryptography;

namespace MediaTrust.Bindings;

/// <summary>The C2PA hash algorithm identifiers (spec 2.2 §13.1): allowed <c>sha256</c>, <c>sha384</c>, <c>sha512</c>; the deprecated list is empty.</summary>
internal static class HashAlgorithms
{
    /// <summary>Maps a C2PA identifier to a .NET algorithm; false for anything not on the allowed list (→ <c>algorithm.unsupported</c>).</summary>
    public static bool TryGet(string? identifier, out HashAlgorithmName algorithm)
    {
        switch (identifier)
        {
            case "sha256":
                algorithm = HashAlgorithmName.SHA256;
                return true;
            case "sha384":
                algorithm = HashAlgorithmName.SHA384;
                return true;
            case "sha512":
                algorithm = HashAlgorithmName.SHA512;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    /// <summary>
    /// Resolves an algorithm "nearest first" (spec 2.2 §15.4): the structure's own field, then each
    /// enclosing structure's, then the claim's. Returns the first identifier present, or null.
    /// </summary>
    public static string? Nearest(params ReadOnlySpan<string?> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate is not null)
            {
                return candidate;
            }
        }

        return null;
    }
}
