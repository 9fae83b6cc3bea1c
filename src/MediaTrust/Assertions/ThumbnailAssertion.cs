namespace MediaTrust.Assertions;

/// <summary>
/// Thumbnail assertions (spec 2.2 §18.13): an embedded file labelled <c>c2pa.thumbnail.claim</c> (the asset as signed)
/// or <c>c2pa.thumbnail.ingredient</c>, optionally followed by the image type (<c>.jpeg</c>, <c>.png</c>) and an
/// instance suffix. The content is the image itself; only the label and the media type are read.
/// </summary>
internal static class ThumbnailAssertion
{
    /// <summary>Whether <paramref name="baseLabel"/> is the claim thumbnail (with or without its image type).</summary>
    public static bool IsClaimThumbnail(string baseLabel) => baseLabel.StartsWith(AssertionLabels.ClaimThumbnail, StringComparison.Ordinal);

    /// <summary>The thumbnail's media type: the one its <c>bfdb</c> box declares, else the one its label names (JPEG unless <c>.png</c>).</summary>
    public static string MediaTypeOf(string label, string? declared) =>
        declared ?? (label.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");

    /// <summary>The media type of a thumbnail assertion (see <see cref="MediaTypeOf(string, string?)"/>).</summary>
    public static string MediaTypeOf(Assertion assertion) => MediaTypeOf(assertion.Label, assertion.MediaType);
}
