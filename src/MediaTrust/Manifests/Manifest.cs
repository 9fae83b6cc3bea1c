using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Manifests;

/// <summary>Standard or update manifest (spec 2.2 §11.2).</summary>
internal enum ManifestKind
{
    Standard,
    Update,
}

/// <summary>
/// One manifest of a store: its boxes (claim, claim signature, assertion store, credential store),
/// assertions and raw bytes. The claim and the signature decode on first use, so one bad manifest
/// does not hide the others.
/// </summary>
internal sealed class Manifest
{
    private Claim? _claim;
    private CoseSign1? _signature;

    // Built on first use: a claim can reference every one of thousands of assertions, and each reference is looked up
    // by label or by the box it resolved to; a scan per reference would cost their product (docs/robustness.md).
    private Dictionary<string, Assertion?>? _byLabel;
    private Dictionary<JumbfBox, Assertion>? _byBox;

    internal Manifest(JumbfBox box, JumbfBox content, string label, ManifestKind kind, IReadOnlyList<Assertion> assertions, IReadOnlyList<StoreProblem> problems)
    {
        Box = box;
        Content = content;
        Label = label;
        Kind = kind;
        Assertions = assertions;
        Problems = problems;
        ClaimBox = content.FindChild(C2paBoxes.ClaimLabelV2) ?? content.FindChild(C2paBoxes.ClaimLabelV1);
        SignatureBox = content.FindChild(C2paBoxes.SignatureLabel);
        AssertionStoreBox = content.FindChild(C2paBoxes.AssertionStoreLabel);
        CredentialStoreBox = content.FindChild(C2paBoxes.CredentialStoreLabel);
    }

    /// <summary>The manifest label (a URN), from the outer box.</summary>
    public string Label { get; }

    public ManifestKind Kind { get; }

    /// <summary>The manifest box as stored: a <c>c2cm</c> box when compressed. Hashes of the manifest cover its <see cref="JumbfBox.Content"/> (§11.1.3.2).</summary>
    public JumbfBox Box { get; }

    /// <summary>The manifest superbox with its claim and assertions: <see cref="Box"/>, or the decompressed one.</summary>
    public JumbfBox Content { get; }

    public bool IsCompressed => !ReferenceEquals(Box, Content);

    /// <summary>
    /// Whether the manifest box has the alternate standard-manifest type <c>c2md</c>, which consumers accept as a standard
    /// manifest (C2PA 2.2 §11.2.2) and which JPEG Trust (ISO/IEC 21617-1 §4.4.4, per MIPAMS) uses for a Trust Declaration.
    /// </summary>
    public bool IsTrustDeclaration => Content.Description?.Type == C2paBoxes.StandardManifestAlternate;

    public JumbfBox? ClaimBox { get; }

    public JumbfBox? SignatureBox { get; }

    public JumbfBox? AssertionStoreBox { get; }

    /// <summary>The v1 credential store (<c>c2vc</c>), when present.</summary>
    public JumbfBox? CredentialStoreBox { get; }

    /// <summary>Assertions in store order.</summary>
    public IReadOnlyList<Assertion> Assertions { get; }

    /// <summary>Problems found while reading this manifest that did not stop it (e.g. duplicate assertion labels).</summary>
    public IReadOnlyList<StoreProblem> Problems { get; }

    /// <summary>The COSE_Sign1_Tagged bytes from the signature's cbor box.</summary>
    public ReadOnlyMemory<byte>? SignatureBytes => SignatureBox?.FindContent(BoxTypes.Cbor)?.Content;

    /// <summary>The claim CBOR bytes as stored (the COSE payload).</summary>
    public ReadOnlyMemory<byte>? ClaimBytes => ClaimBox?.FindContent(BoxTypes.Cbor)?.Content;

    /// <summary>The JUMBF URI of this manifest, <c>self#jumbf=/c2pa/&lt;label&gt;</c>.</summary>
    public string Uri => JumbfUri.ForManifest(Label);

    /// <summary>The decoded claim.</summary>
    /// <exception cref="MalformedContentException">No claim box (<c>claim.missing</c>) or bad CBOR (<c>claim.cbor.invalid</c>).</exception>
    public Claim GetClaim()
    {
        if (_claim is null)
        {
            var box = ClaimBox ?? throw new MalformedContentException("the manifest has no claim box", ValidationStatusCodes.ClaimMissing, Content.Offset, Content.Path);
            _claim = Claim.Decode(box);
        }

        return _claim;
    }

    /// <summary>The decoded claim signature.</summary>
    /// <exception cref="MalformedContentException">No signature box (<c>claimSignature.missing</c>) or bad COSE (<c>claimSignature.mismatch</c>).</exception>
    public CoseSign1 GetSignature()
    {
        if (_signature is null)
        {
            var box = SignatureBox?.FindContent(BoxTypes.Cbor)
                ?? throw new MalformedContentException("the manifest has no claim signature", ValidationStatusCodes.ClaimSignatureMissing, Content.Offset, Content.Path + "/" + C2paBoxes.SignatureLabel);
            _signature = box.DecodeAt(location => CoseSign1.Decode(box.Content, location, box.Offset + box.HeaderLength));
        }

        return _signature;
    }

    /// <summary>The assertion with this exact label; null when absent or ambiguous (duplicated).</summary>
    public Assertion? FindAssertion(string label)
    {
        return LazyInitializer.EnsureInitialized(ref _byLabel, () => UniqueIndex.Build(Assertions, a => a.Label)).GetValueOrDefault(label);
    }

    /// <summary>The assertion read from this box of the assertion store (a box a URI resolved to), or null.</summary>
    public Assertion? FindAssertion(JumbfBox box)
    {
        return LazyInitializer.EnsureInitialized(ref _byBox, () =>
        {
            var index = new Dictionary<JumbfBox, Assertion>(Assertions.Count, ReferenceEqualityComparer.Instance);
            foreach (var assertion in Assertions)
            {
                index.TryAdd(assertion.Box, assertion);
            }

            return index;
        }).GetValueOrDefault(box);
    }

    public override string ToString() => Label;
}

/// <summary>A problem found while reading a store that did not stop the read (e.g. an ambiguous label).</summary>
/// <param name="StatusCode">The C2PA status code it maps to.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Location">The JUMBF URI or box path.</param>
internal sealed record StoreProblem(string StatusCode, string Message, string Location);
