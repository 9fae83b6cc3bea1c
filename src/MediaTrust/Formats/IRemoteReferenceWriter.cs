namespace MediaTrust.Formats;

/// <summary>
/// A format that can carry a reference to an external (remote) manifest store: the XMP <c>dcterms:provenance</c>
/// property (spec 2.2 §11.4), in whatever XMP block the format defines. Write it before hashing: it changes the
/// asset's bytes.
/// </summary>
internal interface IRemoteReferenceWriter
{
    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> with the asset's XMP
    /// <c>dcterms:provenance</c> set to <paramref name="url"/>: an existing packet keeps its other properties and
    /// any earlier reference is replaced; an asset without XMP gets a new packet. An embedded store is kept.
    /// </summary>
    void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default);
}
