using System.Formats.Cbor;
using MediaTrust.Assertions;
using MediaTrust.SoftBinding;

namespace MediaTrust.Signing;

public sealed partial class ManifestBuilder
{
    /// <summary>
    /// Soft binding algorithms to compute from the asset's pixels and add as <c>c2pa.soft-binding</c> assertions (spec 2.4
    /// §18.10), one assertion per algorithm: <see cref="ImageFingerprints.PdqAlgorithm"/> (or <c>pdq</c>) and
    /// <see cref="ImageFingerprints.IsccAlgorithm"/> (or <c>iscc</c>). Empty by default. The definition's
    /// <c>soft_bindings</c> are added to these.
    /// </summary>
    /// <exception cref="ArgumentException">An algorithm MediaTrust cannot compute, or one the C2PA list marks deprecated.</exception>
    public IReadOnlyList<string> SoftBindings
    {
        get;
        init => field = [.. (value ?? []).Select(NormalizeSoftBinding)];
    } = [];

    /// <summary>The pixel cap for computing soft bindings (<see cref="ImageFingerprints.DefaultMaxPixels"/>).</summary>
    public long SoftBindingMaxPixels { get; init; } = ImageFingerprints.DefaultMaxPixels;

    /// <summary>Accepts the short names of the CLI; refuses what cannot be computed or must not be written (§18.10.4).</summary>
    internal static string NormalizeSoftBinding(string name)
    {
        var alg = name.Trim().ToLowerInvariant() switch
        {
            "pdq" => ImageFingerprints.PdqAlgorithm,
            "iscc" => ImageFingerprints.IsccAlgorithm,
            _ => name.Trim(),
        };
        if (SoftBindingAlgorithmList.Bundled.Find(alg) is { Deprecated: true })
        {
            throw new ArgumentException($"the soft binding algorithm {alg} is deprecated on the C2PA list and may not be written (spec 2.4 §18.10.4)", nameof(name));
        }

        return alg is ImageFingerprints.PdqAlgorithm or ImageFingerprints.IsccAlgorithm
            ? alg
            : throw new ArgumentException($"MediaTrust cannot compute the soft binding {name}; it computes pdq ({ImageFingerprints.PdqAlgorithm}) and iscc ({ImageFingerprints.IsccAlgorithm})", nameof(name));
    }

    /// <summary>
    /// The soft binding assertions for the asset in <paramref name="asset"/> (its position is restored), or none when no
    /// algorithm is asked for. Asked for and impossible (not an image, too large) is an error: the caller wanted a
    /// durable credential and would otherwise silently get one that cannot be found.
    /// </summary>
    private List<PendingAssertion> ComputeSoftBindings(Stream asset)
    {
        var algorithms = SoftBindings.Concat(_definition.SoftBindings.Select(NormalizeSoftBinding)).Distinct(StringComparer.Ordinal).ToList();
        if (algorithms.Count == 0)
        {
            return [];
        }

        var start = asset.Position;
        ImageFingerprints fingerprints;
        try
        {
            fingerprints = ImageFingerprints.Compute(asset, SoftBindingMaxPixels);
        }
        finally
        {
            asset.Position = start;
        }

        var assertions = new List<PendingAssertion>();
        foreach (var alg in algorithms)
        {
            var binding = alg == ImageFingerprints.PdqAlgorithm
                ? new SoftBindingAssertion(alg, [new(SoftBindingAssertion.Scope.Whole, fingerprints.Pdq)]) { BindingMetadata = PdqMetadata(fingerprints.PdqQuality) }
                : new SoftBindingAssertion(alg, [new(SoftBindingAssertion.Scope.Whole, fingerprints.Iscc)]);
            var label = assertions.Count == 0 ? AssertionLabels.SoftBinding : $"{AssertionLabels.SoftBinding}__{assertions.Count}";
            assertions.Add(new PendingAssertion(label, AssertionContentKind.Cbor, binding.Write(), null, Created: true));
        }

        return assertions;
    }

    /// <summary><c>bindingMetadata</c> of a PDQ binding: its quality, under a namespaced key (§18.10.3.1).</summary>
    private static byte[] PdqMetadata(int quality)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(1);
        writer.WriteTextString("mediatrust.pdq.quality");
        writer.WriteInt32(quality);
        writer.WriteEndMap();
        return writer.Encode();
    }
}
