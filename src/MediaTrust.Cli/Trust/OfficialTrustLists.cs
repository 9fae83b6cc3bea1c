namespace MediaTrust.Cli.Trust;

/// <summary>One official C2PA list: the file name it is published and stored under, and the scheme name it must carry.</summary>
/// <param name="FileName">The published file name without extension, e.g. <c>C2PA-TRUST-LIST</c>.</param>
/// <param name="SchemeName">The list's SchemeName; a download naming another scheme is the wrong list.</param>
/// <param name="Purpose">What the list vouches for, in words.</param>
internal sealed record OfficialTrustList(string FileName, string SchemeName, string Purpose)
{
    /// <summary>The JSON list (issue date, sequence number, per-entity names and status): what <c>update</c> fetches first.</summary>
    public string JsonFile => FileName + ".json";

    /// <summary>The same list as a PEM bundle: fetched only when the JSON list is not published (HTTP 404).</summary>
    public string PemFile => FileName + ".pem";
}

/// <summary>
/// Where the official C2PA lists are published (docs/cli.md, "trust-list update"): the one place these locations are written.
/// C2PA publishes both lists, as JSON and as PEM, in the <c>trust-list</c> folder of the c2pa-org/conformance-public repository.
/// </summary>
internal static class OfficialTrustLists
{
    /// <summary>The folder the four files are published in; <c>update --from</c> or <see cref="LocationVariable"/> replace it.</summary>
    public const string PublishedLocation = "https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/";

    /// <summary>An environment variable that replaces <see cref="PublishedLocation"/> (a mirror, or a test server).</summary>
    public const string LocationVariable = "MEDIATRUST_TRUST_LIST_URL";

    /// <summary>The C2PA Trust List: claim signers' CAs (spec 2.4 §14.4.1).</summary>
    public static readonly OfficialTrustList Signers = new("C2PA-TRUST-LIST", "C2PA Trust List", "claim signers");

    /// <summary>The C2PA TSA Trust List: time-stamping authorities (spec 2.4 §14.4.2).</summary>
    public static readonly OfficialTrustList TimeStamping = new("C2PA-TSA-TRUST-LIST", "C2PA TSA Trust List", "time-stamping authorities");

    /// <summary>Both lists, signers first.</summary>
    public static IReadOnlyList<OfficialTrustList> All { get; } = [Signers, TimeStamping];
}
