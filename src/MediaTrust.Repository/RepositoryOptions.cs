using MediaTrust.Validation;

namespace MediaTrust.Repository;

/// <summary>How a repository admits manifest stores.</summary>
public sealed record RepositoryOptions
{
    /// <summary>The largest store accepted: 32 MiB by default.</summary>
    public long MaxStoreBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>The most bindings kept for one manifest store (a store is small; more is an attack).</summary>
    public int MaxBindingsPerManifest { get; init; } = 64;

    /// <summary>The longest binding value kept, in bytes.</summary>
    public int MaxBindingValueBytes { get; init; } = 1024;

    /// <summary>
    /// How stores are validated before they are kept; null stores them unvalidated (verdict <c>NotValidated</c>). The
    /// store is validated on its own, without its asset, so a failure that needs the content (a hard binding that cannot be
    /// checked) does not count.
    /// </summary>
    public ValidationOptions? Validation { get; init; } = new();

    /// <summary>What happens to a store that does not validate; <see cref="InvalidStorePolicy.Reject"/> by default.</summary>
    public InvalidStorePolicy InvalidStores { get; init; } = InvalidStorePolicy.Reject;

    /// <summary>Whether an untrusted signer counts as invalid (false: trust is the reader's business, §14.3).</summary>
    public bool RequireTrustedSigner { get; init; }
}
