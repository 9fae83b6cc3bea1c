using MediaTrust.Pki;

namespace MediaTrust.Validation;

/// <summary>How to validate content credentials. Immutable; <see cref="Default"/> trusts the bundled official C2PA lists and stays offline.</summary>
public sealed record ValidationOptions
{
    /// <summary>The bundled official C2PA lists (<see cref="TrustStore.Default"/>), the system clock, no network.</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary>
    /// Signer anchors (per EKU), the separate time-stamping-authority anchors and the end-entity allow-list (spec 2.2 §14.4).
    /// <see cref="TrustStore.Default"/> (the official C2PA lists) unless set; <see cref="TrustStore.Empty"/> trusts nothing.
    /// </summary>
    public TrustStore Trust { get; init; } = TrustStore.Default;

    /// <summary>The time to validate at when no trusted time-stamp says otherwise (§15.8); null means now. Pin it for reproducible results.</summary>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>Asks OCSP responders online when nothing is stapled (§15.9.2). Null, the default, never goes online.</summary>
    public IOcspClient? OnlineOcsp { get; init; }

    /// <summary>
    /// Whether a time-stamp's authority must chain to a TSA trust anchor before its time is used
    /// (spec 2.2 §15.8.2; the default). False mirrors c2pa-rs with <c>verify_timestamp_trust = false</c>,
    /// its WebAssembly default: any well-formed, matching time-stamp fixes the signing time.
    /// </summary>
    public bool VerifyTimeStampTrust { get; init; } = true;

    /// <summary>How deep ingredient manifests are followed; deeper chains are reported, not walked.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public int MaxIngredientDepth
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a depth cannot be negative");
    } = 16;
}
