namespace MediaTrust;

/// <summary>Options for <see cref="Reader"/>.</summary>
public sealed class ReaderOptions
{
    /// <summary>
    /// Largest manifest store accepted, in bytes (default 256 MB). A larger store is reported as malformed
    /// rather than read into memory.
    /// </summary>
    public long MaxStoreLength { get; init; } = 256L * 1024 * 1024;

    /// <summary>How <see cref="Reader.ReadAsync"/> validates; null reads without validating. Default: the bundled official C2PA lists (<see cref="Pki.TrustStore.Default"/>), now, offline.</summary>
    public Validation.ValidationOptions? Validation { get; init; } = MediaTrust.Validation.ValidationOptions.Default;

    /// <summary>
    /// Whether and how <see cref="Reader.ReadAsync"/> fetches a remote manifest store that an asset without an
    /// embedded store names in its XMP (spec 2.2 §11.4). Null (the default) or <c>AllowNetwork = false</c>: no
    /// network; the <see cref="NoManifestException"/> carries the URL.
    /// </summary>
    public Formats.Remote.RemoteFetchOptions? RemoteFetch { get; init; }
}

/// <summary>
/// The asset carries no C2PA manifest store: a normal outcome for most files, distinct from malformed
/// input (<see cref="IO.MalformedContentException"/>).
/// </summary>
public sealed class NoManifestException : Exception
{
    public NoManifestException(string message)
        : base(message)
    {
    }

    public NoManifestException()
        : base("No C2PA manifest store found.")
    {
    }

    public NoManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The XMP <c>dcterms:provenance</c> URL of a remote manifest, when the asset names one (spec 2.2 §11.4).</summary>
    public string? RemoteManifestUrl { get; init; }

    /// <summary>
    /// A C2PA status code when there is one: <c>manifest.inaccessible</c> when the remote manifest named by
    /// <see cref="RemoteManifestUrl"/> was fetched and could not be obtained (spec 2.2 §15.5.3); null otherwise.
    /// </summary>
    public string? StatusCode { get; init; }
}
