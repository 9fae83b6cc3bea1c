namespace MediaTrust;

/// <summary>Options for <see cref="Reader"/>. Immutable; <see cref="Default"/> validates offline with no trust anchors.</summary>
public sealed record ReaderOptions
{
    /// <summary>Reads and validates with <see cref="MediaTrust.Validation.ValidationOptions.Default"/>, offline.</summary>
    public static ReaderOptions Default { get; } = new();

    /// <summary>Reads the store without validating it (<see cref="Validation"/> null): no verdict is computed.</summary>
    public static ReaderOptions StoreOnly { get; } = new() { Validation = null };

    /// <summary>
    /// Largest manifest store accepted, in bytes (default 256 MB). A larger store is reported as malformed
    /// rather than read into memory.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long MaxStoreLength
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a length cannot be negative");
    } = 256L * 1024 * 1024;

    /// <summary>
    /// Largest non-seekable input read (default 4 GiB). Such a stream is copied once to a temporary file that is
    /// deleted when the read ends; a longer one is refused with <see cref="MalformedContentException"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long MaxSpoolLength
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a length cannot be negative");
    } = 4L * 1024 * 1024 * 1024;

    /// <summary>How the store is validated; null reads without validating (<see cref="StoreOnly"/>). Default: the bundled official C2PA lists (<see cref="Pki.TrustStore.Default"/>), now, offline.</summary>
    public Validation.ValidationOptions? Validation { get; init; } = MediaTrust.Validation.ValidationOptions.Default;

    /// <summary>
    /// Whether and how <see cref="Reader.ReadAsync"/> fetches a remote manifest store that an asset without an
    /// embedded store names in its XMP (spec 2.2 §11.4). Null (the default) or <c>AllowNetwork = false</c>: no
    /// network; the <see cref="NoManifestException"/> carries the URL.
    /// </summary>
    public Formats.Remote.RemoteFetchOptions? RemoteFetch { get; init; }
}
