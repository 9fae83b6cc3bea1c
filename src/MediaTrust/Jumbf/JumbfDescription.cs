namespace MediaTrust.Jumbf;

/// <summary>
/// A JUMBF description box (<c>jumd</c>, ISO/IEC 19566-5 §A.3): the superbox type UUID, the toggles,
/// and the optional label, ID, signature (hash) and private box (C2PA puts its salt there, spec 2.2 §8.4.2.3).
/// </summary>
internal sealed class JumbfDescription
{
    /// <summary>Toggle bit: the box may be requested by label.</summary>
    public const byte Requestable = 0x01;

    /// <summary>Toggle bit: a null-terminated label follows the toggles.</summary>
    public const byte LabelPresent = 0x02;

    /// <summary>Toggle bit: a 32-bit ID follows.</summary>
    public const byte IdPresent = 0x04;

    /// <summary>Toggle bit: a 32-byte signature (SHA-256 hash) follows.</summary>
    public const byte SignaturePresent = 0x08;

    /// <summary>Toggle bit: a private box closes the description (ISO/IEC 19566-5:2023).</summary>
    public const byte PrivatePresent = 0x10;

    /// <summary>Length of the signature field.</summary>
    public const int SignatureLength = 32;

    /// <summary>The superbox content type.</summary>
    public required Guid Type { get; init; }

    /// <summary>The toggles byte as written.</summary>
    public required byte Toggles { get; init; }

    /// <summary>The label, when <see cref="LabelPresent"/> is set.</summary>
    public string? Label { get; init; }

    /// <summary>The ID, when <see cref="IdPresent"/> is set.</summary>
    public uint? Id { get; init; }

    /// <summary>The 32-byte signature field, when <see cref="SignaturePresent"/> is set.</summary>
    public ReadOnlyMemory<byte>? Signature { get; init; }

    /// <summary>The private box (e.g. the C2PA salt box <c>c2sh</c>), when <see cref="PrivatePresent"/> is set.</summary>
    public JumbfBox? PrivateBox { get; init; }

    /// <summary>The description box itself.</summary>
    public required JumbfBox Box { get; init; }
}
