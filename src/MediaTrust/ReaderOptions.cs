namespace MediaTrust;

/// <summary>Options for <see cref="Reader"/>.</summary>
public sealed class ReaderOptions
{
    /// <summary>
    /// Largest manifest store accepted, in bytes (default 256 MB). A larger store is reported as malformed
    /// rather than read into memory.
    /// </summary>
    public long MaxStoreLength { get; init; } = 256L * 1024 * 1024;

    /// <summary>How <see cref="Reader.ReadAsync"/> validates; null reads without validating. Default: no trust anchors, now, offline.</summary>
    public Validation.ValidationOptions? Validation { get; init; } = MediaTrust.Validation.ValidationOptions.Default;
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
}
