using MediaTrust.SoftBinding;
using MediaTrust.Spec;
using MediaTrust.Validation;

namespace MediaTrust.Repository;

/// <summary>Checks a manifest store before it is kept: size, parse, validation, and what bindings it brings.</summary>
internal static class StoreAdmission
{
    /// <summary>
    /// A failure that only says the content was not there to check (the repository validates a store without its asset), or,
    /// in a recovery, that the asset's bytes differ from what was signed: the hard-binding failures, as the core classifies them.
    /// </summary>
    internal static bool IsContentFailure(string code) => StatusAxes.IsHardBindingFailure(code);

    public static async Task<(string ManifestId, string Verdict, IReadOnlyList<string> Failures, IReadOnlyList<StoredBinding> Bindings)> AdmitAsync(
        ReadOnlyMemory<byte> store, RepositoryOptions options, CancellationToken cancellationToken)
    {
        if (store.Length > options.MaxStoreBytes)
        {
            throw new RepositoryRejectedException($"the manifest store is {store.Length} bytes; this repository keeps at most {options.MaxStoreBytes}");
        }

        string manifestId;
        IReadOnlyList<SoftBindingValue> values;
        try
        {
            manifestId = SoftBindingValues.ActiveManifestLabel(store) ?? throw new RepositoryRejectedException("the manifest store has no manifest");
            values = SoftBindingValues.FromStore(store);
        }
        catch (MalformedContentException e)
        {
            throw new RepositoryRejectedException($"the manifest store cannot be read: {e.Message}", e);
        }

        var bindings = values.Select(v => new StoredBinding(v.Algorithm, v.Value)).DistinctBy(b => (b.Algorithm, Convert.ToHexString(b.Value))).ToList();
        if (bindings.Count > options.MaxBindingsPerManifest)
        {
            throw new RepositoryRejectedException($"the manifest store has {bindings.Count} soft bindings; at most {options.MaxBindingsPerManifest} are kept");
        }

        if (bindings.FirstOrDefault(b => b.Value.Length > options.MaxBindingValueBytes) is { } large)
        {
            throw new RepositoryRejectedException($"a {large.Algorithm} binding value is {large.Value.Length} bytes; at most {options.MaxBindingValueBytes} are kept");
        }

        if (options.Validation is not { } validation)
        {
            return (manifestId, "NotValidated", [], bindings);
        }

        var reader = await Reader.ReadWithManifestAsync(new MemoryStream(), store, new ReaderOptions { Validation = validation }, cancellationToken: cancellationToken);
        var report = reader.Validation!;
        var failures = report.Failures.Select(f => f.Code)
            .Where(code => !IsContentFailure(code) && (options.RequireTrustedSigner || code != ValidationStatusCodes.SigningCredentialUntrusted))
            .Distinct(StringComparer.Ordinal).ToList();
        var verdict = failures.Count > 0 ? nameof(ValidationState.Invalid) : report.Axes.SignerTrust == SignerTrustStatus.Trusted ? nameof(ValidationState.Trusted) : nameof(ValidationState.Valid);
        if (failures.Count > 0 && options.InvalidStores == InvalidStorePolicy.Reject)
        {
            throw new RepositoryRejectedException($"the manifest store does not validate: {string.Join(", ", failures)}");
        }

        return (manifestId, verdict, failures, bindings);
    }
}
