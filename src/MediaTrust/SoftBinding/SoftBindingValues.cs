using MediaTrust.Assertions;
using MediaTrust.Manifests;

namespace MediaTrust.SoftBinding;

/// <summary>One soft binding value of a manifest: what a repository indexes and a matcher compares (spec 2.4 §18.10.5.1).</summary>
/// <param name="ManifestLabel">The manifest holding the binding, e.g. <c>urn:c2pa:…</c>.</param>
/// <param name="AssertionLabel">The soft binding assertion's label, e.g. <c>c2pa.soft-binding__1</c>.</param>
/// <param name="Algorithm">The binding's <c>alg</c> (or the claim's <c>alg_soft</c>).</param>
/// <param name="Value">The value of one whole-content block.</param>
public sealed record SoftBindingValue(string ManifestLabel, string AssertionLabel, string Algorithm, byte[] Value);

/// <summary>Reads the soft bindings of the manifests in a manifest store.</summary>
public static class SoftBindingValues
{
    /// <summary>
    /// The whole-content soft binding values of every manifest in <paramref name="store"/>, active manifest last. A
    /// binding that cannot be read or names no algorithm is skipped (validation reports it), as are blocks with a
    /// region or time span: matching a whole image compares whole-image values.
    /// </summary>
    /// <exception cref="MalformedContentException">The store itself cannot be parsed.</exception>
    public static IReadOnlyList<SoftBindingValue> FromStore(ReadOnlyMemory<byte> store)
    {
        var values = new List<SoftBindingValue>();
        foreach (var manifest in ManifestStore.Parse(store).Manifests)
        {
            string? algSoft;
            try
            {
                algSoft = manifest.GetClaim().SoftBindingAlgorithm;
            }
            catch (MalformedContentException)
            {
                continue;
            }

            foreach (var assertion in manifest.Assertions.Where(a => a.BaseLabel == AssertionLabels.SoftBinding))
            {
                SoftBindingAssertion binding;
                try
                {
                    binding = SoftBindingAssertion.Read(assertion);
                }
                catch (MalformedContentException)
                {
                    continue;
                }

                if (binding.EffectiveAlgorithm(algSoft) is not { } alg)
                {
                    continue;
                }

                values.AddRange(binding.Blocks.Where(b => b.Scope.IsWhole).Select(b => new SoftBindingValue(manifest.Label, assertion.Label, alg, b.Value.ToArray())));
            }
        }

        return values;
    }

    /// <summary>The label of the store's active manifest (its last), or null when it has none.</summary>
    /// <exception cref="MalformedContentException">The store cannot be parsed.</exception>
    public static string? ActiveManifestLabel(ReadOnlyMemory<byte> store) => ManifestStore.Parse(store).ActiveManifest?.Label;

    /// <summary>
    /// A manifest store holding only the active manifest of <paramref name="store"/>, byte for byte as it was (the Soft
    /// Binding Resolution API's <c>GET /manifests/{id}?returnActiveManifest=true</c>). The manifest's signature covers its
    /// claim, not the store, so it stays valid; ingredients' manifests are left out.
    /// </summary>
    /// <exception cref="MalformedContentException">The store cannot be parsed or has no manifest.</exception>
    public static byte[] ActiveManifestOnly(ReadOnlyMemory<byte> store)
    {
        var active = ManifestStore.Parse(store).ActiveManifest?.Label ?? throw new MalformedContentException("the manifest store has no manifest");
        var root = Jumbf.JumbfReader.ReadBox(store);
        var manifest = root.Children.Last(c => c.IsSuperBox && string.Equals(c.Label, active, StringComparison.Ordinal));
        return Jumbf.JumbfWriter.SuperBox(root.Description!.Type, root.Label, [manifest.Raw.ToArray()]);
    }
}
