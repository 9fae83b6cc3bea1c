namespace MediaTrust.Assertions;

/// <summary>
/// What an update manifest may carry (spec 2.2 §11.2.3, checked by §15.10.1.3): no content binding, no thumbnail, and
/// only four actions. The one definition for the validator and the builder.
/// </summary>
internal static class UpdateManifestRules
{
    /// <summary>The only actions an update manifest may record.</summary>
    public static IReadOnlySet<string> AllowedActions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "c2pa.edited.metadata", ActionsAssertion.Opened, "c2pa.published", ActionsAssertion.Redacted,
    };

    /// <summary>How <see cref="AllowedActions"/> reads in a message.</summary>
    public const string AllowedActionsText = "c2pa.edited.metadata, c2pa.opened, c2pa.published and c2pa.redacted";

    /// <summary>Whether an update manifest may record the action <paramref name="name"/>.</summary>
    public static bool IsAllowedAction(string? name) => name is not null && AllowedActions.Contains(name);

    /// <summary>
    /// Whether an update manifest holding <paramref name="baseLabel"/> is invalid as a validator sees it: a hard binding
    /// of any version or a multi-asset hash (updates do not change the content).
    /// </summary>
    public static bool IsContentBinding(string baseLabel) => AssertionLabels.IsHardBinding(baseLabel) || baseLabel == AssertionLabels.MultiAssetHash;

    /// <summary>Whether <paramref name="label"/> is a thumbnail, which an update manifest may not hold.</summary>
    public static bool IsThumbnail(string label) => label.StartsWith(AssertionLabels.ThumbnailPrefix + ".", StringComparison.Ordinal);

    /// <summary>
    /// Whether a builder refuses to write <paramref name="label"/> into an update manifest: wider than
    /// <see cref="IsContentBinding"/> on purpose, every hash assertion (multi-asset, collection and part hashes too),
    /// and thumbnails.
    /// </summary>
    public static bool RefusedWhenWriting(string label) => label.StartsWith(AssertionLabels.HashPrefix, StringComparison.Ordinal) || IsThumbnail(label);
}
