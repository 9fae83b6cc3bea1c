namespace MediaTrust.Pki;

/// <summary>
/// The official C2PA lists this version was built with, shipped as embedded resources (Pki/TrustLists):
/// the JSON lists are read, and the PEM bundles are the fallback if a JSON list cannot be (docs/validation.md, "Default trust").
/// Each list is parsed once, on first use.
/// </summary>
public static class BundledTrustLists
{
    private static readonly Lazy<TrustList> SignerList = new(() => Load("C2PA-TRUST-LIST", "C2PA Trust List"));
    private static readonly Lazy<TrustList> TimeStampList = new(() => Load("C2PA-TSA-TRUST-LIST", "C2PA TSA Trust List"));

    /// <summary>The bundled C2PA Trust List (claim signers).</summary>
    public static TrustList Signers => SignerList.Value;

    /// <summary>The bundled C2PA TSA Trust List (time-stamping authorities).</summary>
    public static TrustList TimeStamping => TimeStampList.Value;

    private static TrustList Load(string name, string displayName)
    {
        try
        {
            return TrustList.ParseJson(Resource(name + ".json"), TrustListKind.Official, "bundled");
        }
        catch (FormatException)
        {
            var pem = System.Text.Encoding.ASCII.GetString(Resource(name + ".pem"));
            return TrustList.FromPem(pem, new TrustListInfo(displayName, TrustListKind.Official) { Source = "bundled (PEM)" });
        }
    }

    private static byte[] Resource(string file)
    {
        using var stream = typeof(BundledTrustLists).Assembly.GetManifestResourceStream("MediaTrust.Pki.TrustLists." + file)
            ?? throw new InvalidOperationException($"the bundled trust list {file} is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
