namespace MediaTrust.Validation;

/// <summary>The validation states of spec 2.2 §14.3, as c2pa-rs names them in <c>validation_state</c>.</summary>
public enum ValidationState
{
    /// <summary>A check failed: the content, the claim or the signature cannot be relied on.</summary>
    Invalid,

    /// <summary>Well-formed, signed and unchanged, but the signer is not on the trust list in use.</summary>
    Valid,

    /// <summary>Valid, and the signer chains to a trust anchor in use.</summary>
    Trusted,
}

/// <summary>Where the manifest store that was validated came from.</summary>
public enum ManifestSource
{
    /// <summary>Embedded in the asset.</summary>
    Embedded,

    /// <summary>A <c>.c2pa</c> file beside the asset, or one given explicitly.</summary>
    Sidecar,

    /// <summary>Fetched from the URL the asset's XMP names.</summary>
    Remote,
}
