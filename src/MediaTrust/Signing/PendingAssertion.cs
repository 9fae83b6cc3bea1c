namespace MediaTrust.Signing;

/// <summary>How an assertion's content is stored (spec 2.2 §11.1.4.3).</summary>
internal enum AssertionContentKind
{
    /// <summary>A <c>cbor</c> content box.</summary>
    Cbor,

    /// <summary>A <c>json</c> content box (JSON-LD assertions).</summary>
    Json,

    /// <summary>An embedded file: <c>bfdb</c> media type and <c>bidb</c> bytes (thumbnails, icons).</summary>
    EmbeddedFile,
}

/// <summary>An assertion about to be written: its label, how it is stored, its bytes, and whether the signer created it.</summary>
/// <param name="Label">The label, with its <c>__N</c> instance suffix when there are several.</param>
/// <param name="Kind">The content box kind.</param>
/// <param name="Payload">The content bytes (CBOR, UTF-8 JSON, or the embedded file).</param>
/// <param name="MediaType">For embedded files, the media type.</param>
/// <param name="Created">True for claim v2 <c>created_assertions</c>, false for <c>gathered_assertions</c>.</param>
internal sealed record PendingAssertion(string Label, AssertionContentKind Kind, ReadOnlyMemory<byte> Payload, string? MediaType, bool Created);
