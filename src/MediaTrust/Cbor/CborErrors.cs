using System.Formats.Cbor;

namespace MediaTrust.Cbor;

/// <summary>Which exceptions of <see cref="CborReader"/> mean "these bytes are not the CBOR expected".</summary>
internal static class CborErrors
{
    /// <summary>
    /// True for what a <see cref="CborReader"/> throws on bad input: <see cref="CborContentException"/> (not
    /// well-formed), <see cref="InvalidOperationException"/> (a different item than the one read),
    /// <see cref="FormatException"/> and <see cref="OverflowException"/> (a value outside the type read).
    /// Use as <c>catch (Exception e) when (CborErrors.IsMalformed(e))</c>.
    /// </summary>
    public static bool IsMalformed(Exception e) =>
        e is CborContentException or InvalidOperationException or FormatException or OverflowException;
}
