namespace MediaTrust.Assertions;

/// <summary>
/// The assertion labels the library reads or writes (spec 2.2 §18; CAWG 1.x for <c>cawg.*</c>), and the one
/// definition of which labels are hard bindings and which are ingredients. Labels here are base labels: an
/// assertion's own label may add an instance suffix <c>__n</c> (§6.4, see <see cref="Assertion.SplitInstance"/>).
/// </summary>
internal static class AssertionLabels
{
    /// <summary>The prefix of every C2PA-defined label (§6.2); others are entity-specific.</summary>
    public const string C2paPrefix = "c2pa.";

    /// <summary>The prefix of every hash (binding) assertion label.</summary>
    public const string HashPrefix = "c2pa.hash.";

    /// <summary>Data hash (§18.5).</summary>
    public const string DataHash = "c2pa.hash.data";

    /// <summary>General box hash (§18.7).</summary>
    public const string BoxesHash = "c2pa.hash.boxes";

    /// <summary>BMFF hash v1: deprecated, and ignored by validators (§18.6).</summary>
    public const string BmffHashV1 = "c2pa.hash.bmff";

    /// <summary>BMFF hash v2 (§18.6; deprecated for writing).</summary>
    public const string BmffHashV2 = "c2pa.hash.bmff.v2";

    /// <summary>BMFF hash v3 (§18.6).</summary>
    public const string BmffHashV3 = "c2pa.hash.bmff.v3";

    /// <summary>Collection data hash (§18.8).</summary>
    public const string CollectionDataHash = "c2pa.hash.collection.data";

    /// <summary>The prefix of the collection hash labels.</summary>
    public const string CollectionHashPrefix = "c2pa.hash.collection";

    /// <summary>Multi-asset hash (§18.9).</summary>
    public const string MultiAssetHash = "c2pa.hash.multi-asset";

    /// <summary>Soft binding (§18.10).</summary>
    public const string SoftBinding = "c2pa.soft-binding";

    /// <summary>Ingredient v1 (§18.15).</summary>
    public const string IngredientV1 = "c2pa.ingredient";

    /// <summary>Ingredient v2 (§18.15).</summary>
    public const string IngredientV2 = "c2pa.ingredient.v2";

    /// <summary>Ingredient v3 (§18.15), the version written.</summary>
    public const string IngredientV3 = "c2pa.ingredient.v3";

    /// <summary>Actions v1 (§18.14).</summary>
    public const string ActionsV1 = "c2pa.actions";

    /// <summary>Actions v2 (§18.14), the version written.</summary>
    public const string ActionsV2 = "c2pa.actions.v2";

    /// <summary>The prefix of the thumbnail labels (§18.13).</summary>
    public const string ThumbnailPrefix = "c2pa.thumbnail";

    /// <summary>The claim thumbnail (a thumbnail of the asset as signed).</summary>
    public const string ClaimThumbnail = "c2pa.thumbnail.claim";

    /// <summary>An ingredient thumbnail.</summary>
    public const string IngredientThumbnail = "c2pa.thumbnail.ingredient";

    /// <summary>Time-stamps of manifests (§18.17).</summary>
    public const string TimeStamp = "c2pa.time-stamp";

    /// <summary>Certificate status (OCSP responses, §18.18).</summary>
    public const string CertificateStatus = "c2pa.certificate-status";

    /// <summary>Common metadata (§18.16, Appendix B).</summary>
    public const string Metadata = "c2pa.metadata";

    /// <summary>Cloud data (§18.11).</summary>
    public const string CloudData = "c2pa.cloud-data";

    /// <summary>Embedded data (§18.12).</summary>
    public const string EmbeddedData = "c2pa.embedded-data";

    /// <summary>The claim generator's icon, an embedded data assertion (§18.12).</summary>
    public const string Icon = "c2pa.icon";

    /// <summary>CAWG identity assertion (CAWG identity assertion 1.x).</summary>
    public const string CawgIdentity = "cawg.identity";

    /// <summary>CAWG training and data mining assertion.</summary>
    public const string CawgTrainingMining = "cawg.training-mining";

    /// <summary>
    /// Whether <paramref name="baseLabel"/> is a hard binding to content (§9.2), counting the deprecated
    /// <see cref="BmffHashV1"/>: no hard binding of any version may be redacted, be pointed to by cloud data,
    /// or sit in an update manifest (§6.8, §15.10.3.2.1, §11.2.3).
    /// </summary>
    public static bool IsHardBinding(string baseLabel) => IsValidatedHardBinding(baseLabel) || baseLabel == BmffHashV1;

    /// <summary>
    /// Whether <paramref name="baseLabel"/> is a hard binding a validator checks the content against (the list of
    /// §6.8's redaction rule). <see cref="BmffHashV1"/> is not one: validators ignore it (§18.6), so a manifest
    /// bound only by it has no hard binding (<c>claim.hardBindings.missing</c>). Kept apart from
    /// <see cref="IsHardBinding"/> because the two give different findings for a v1 BMFF hash.
    /// </summary>
    public static bool IsValidatedHardBinding(string baseLabel) =>
        baseLabel is DataHash or BoxesHash or BmffHashV2 or BmffHashV3 or CollectionDataHash;

    /// <summary>Whether <paramref name="baseLabel"/> is an ingredient assertion of a version this library understands (§18.15).</summary>
    public static bool IsIngredient(string baseLabel) => baseLabel is IngredientV1 or IngredientV2 or IngredientV3;

    /// <summary>Whether <paramref name="baseLabel"/> is an actions assertion (§18.14).</summary>
    public static bool IsActions(string baseLabel) => baseLabel is ActionsV1 or ActionsV2;
}
