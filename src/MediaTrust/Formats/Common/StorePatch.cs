using MediaTrust.IO;

namespace MediaTrust.Formats.Common;

/// <summary>The checks every <see cref="IManifestEmbedder.Patch"/> makes before it overwrites bytes in place.</summary>
internal static class StorePatch
{
    /// <summary>Throws unless <paramref name="store"/> has the length of the store <paramref name="placement"/> describes.</summary>
    public static void RequireSameLength(StorePlacement placement, ReadOnlySpan<byte> store)
    {
        ArgumentNullException.ThrowIfNull(placement);
        if (store.Length != placement.StoreLength)
        {
            throw new ArgumentException($"The patched store is {store.Length} bytes but the reserved slot holds {placement.StoreLength}.", nameof(store));
        }

        if (placement.Carriage.Count == 0)
        {
            throw new ArgumentException("The placement has no carriage range.", nameof(placement));
        }
    }

    /// <summary>Overwrites the store that starts <paramref name="headerLength"/> bytes into the single carriage range.</summary>
    public static void WriteContiguous(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store, int headerLength)
    {
        RequireSameLength(placement, store);
        ByteRange range = placement.Carriage[0];
        if (headerLength + (long)store.Length > range.Length)
        {
            throw new ArgumentException("The store does not fit the placement's carriage range.", nameof(placement));
        }

        AssetStream.WriteAt(destination, range.Start + headerLength, store);
    }
}
