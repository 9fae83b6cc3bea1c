using MediaTrust.Spec;

namespace MediaTrust.Manifests;

/// <summary>JUMBF URIs (spec 2.2 §8.4.1, ISO/IEC 19566-5 Annex C): <c>self#jumbf=/c2pa/&lt;manifest&gt;/…</c> or relative to the current manifest.</summary>
internal static class JumbfUri
{
    public const string Prefix = "self#jumbf=";

    /// <summary>The absolute URI of a manifest.</summary>
    public static string ForManifest(string manifestLabel) => $"{Prefix}/c2pa/{manifestLabel}";

    /// <summary>The absolute URI of an assertion of a manifest.</summary>
    public static string ForAssertion(string manifestLabel, string assertionLabel) => $"{Prefix}/c2pa/{manifestLabel}/c2pa.assertions/{assertionLabel}";

    /// <summary>The URI of an assertion relative to its own manifest (§8.4.1), as a claim references it: <c>self#jumbf=c2pa.assertions/&lt;label&gt;</c>.</summary>
    public static string ForAssertionStore(string assertionLabel) => $"{Prefix}{C2paBoxes.AssertionStoreLabel}/{assertionLabel}";

    /// <summary>
    /// Splits a JUMBF URI into labels. Absolute URIs start with the store label <c>c2pa</c>
    /// (also accepted without the leading slash); relative ones do not. Returns null for URIs that
    /// are not JUMBF URIs into this asset or that use <c>..</c> (forbidden, §8.4.1).
    /// </summary>
    public static (bool Absolute, string[] Labels)? Parse(string uri)
    {
        if (!uri.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var path = uri.AsSpan(Prefix.Length);
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        var absolute = path.StartsWith("/");
        var labels = path.ToString().Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length == 0 || Array.IndexOf(labels, "..") >= 0 || Array.IndexOf(labels, ".") >= 0)
        {
            return null;
        }

        // "self#jumbf=c2pa/urn:…" (no slash) is seen in the wild; a manifest has no child labelled c2pa.
        if (!absolute && labels[0] == C2paBoxes.StoreLabel && labels.Length > 1)
        {
            absolute = true;
        }

        return (absolute, labels);
    }

    /// <summary>The manifest label an absolute URI points into, or null.</summary>
    public static string? ManifestLabel(string uri)
        => Parse(uri) is { Absolute: true, Labels: { Length: >= 2 } labels } && labels[0] == C2paBoxes.StoreLabel ? labels[1] : null;

    /// <summary>The last label of a URI, e.g. the assertion label.</summary>
    public static string? LastLabel(string uri) => Parse(uri) is { } parsed ? parsed.Labels[^1] : null;
}
