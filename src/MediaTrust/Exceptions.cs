using MediaTrust.Spec;

namespace MediaTrust;

/// <summary>
/// Content that does not parse: a truncated file, a box length past the end, CBOR that lies
/// about its lengths. Parsers throw only this type for bad input; one boundary turns it into a
/// validation finding (it never escapes the public API as a crash).
/// </summary>
public sealed class MalformedContentException : Exception
{
    /// <summary>Creates the exception for content that does not parse.</summary>
    /// <param name="message">What is wrong, without the location (kept as <see cref="Reason"/>).</param>
    /// <param name="statusCode">The C2PA status code the problem maps to.</param>
    /// <param name="offset">The byte offset where it was found, when known.</param>
    /// <param name="location">The box path, URI or segment where it was found, when known.</param>
    /// <param name="innerException">The parser's own exception, when there is one.</param>
    public MalformedContentException(string message, string statusCode = ValidationStatusCodes.GeneralError,
        long? offset = null, string? location = null, Exception? innerException = null)
        : base(Describe(message, offset, location), innerException)
    {
        StatusCode = statusCode;
        Offset = offset;
        Location = location;
        Reason = message;
    }

    /// <summary>The C2PA validation status code this problem maps to (spec 2.2 §15.2.2), e.g. <c>claim.cbor.invalid</c>.</summary>
    public string StatusCode { get; }

    /// <summary>Byte offset in the asset or store where the problem was found, when known.</summary>
    public long? Offset { get; }

    /// <summary>Where in the structure: a JUMBF box path or URI (<c>self#jumbf=/c2pa/…</c>), a segment name, when known.</summary>
    public string? Location { get; }

    /// <summary>The message without the location suffix.</summary>
    public string Reason { get; }

    private static string Describe(string message, long? offset, string? location)
    {
        if (offset is null && location is null)
        {
            return message;
        }

        var at = (offset, location) switch
        {
            (not null, not null) => $"{location} at offset {offset}",
            (not null, null) => $"offset {offset}",
            _ => location!,
        };
        return $"{message} ({at})";
    }
}

/// <summary>
/// The asset carries no C2PA manifest store: a normal outcome for most files, distinct from malformed
/// input (<see cref="MalformedContentException"/>).
/// </summary>
public sealed class NoManifestException : Exception
{
    /// <summary>Creates the exception with a message saying why no manifest was found.</summary>
    public NoManifestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public NoManifestException()
        : base("No C2PA manifest store found.")
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
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

/// <summary>
/// The asset's format is not one MediaTrust recognizes (no known magic bytes). A <see cref="NotSupportedException"/>, so
/// code that caught that before still does.
/// </summary>
public sealed class UnknownFormatException : NotSupportedException
{
    /// <summary>Creates the exception with a message naming what was not recognized.</summary>
    public UnknownFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public UnknownFormatException()
        : base("The asset's format is not recognized (no known magic bytes).")
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public UnknownFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
