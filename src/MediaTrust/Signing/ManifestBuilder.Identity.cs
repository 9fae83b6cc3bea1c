using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Manifests;
using MediaTrust.Pki;

namespace MediaTrust.Signing;

/// <summary>
/// A person or organisation who signs, with their own X.509 certificate, that they stand behind the manifest's content:
/// a CAWG identity assertion with <c>sig_type</c> <c>cawg.x509.cose</c> (CAWG identity 1.3, "X.509 certificates and COSE
/// signatures"). The certificate should follow the CAWG trust model (1.3, "Trust model for X.509 certificates"):
/// id-kp-documentSigning, or an S/MIME certificate under the interim model.
/// </summary>
/// <param name="Signer">Signs the signer payload; its certificate chain goes in the identity assertion's COSE signature.</param>
public sealed record IdentitySigner(IClaimSigner Signer)
{
    /// <summary>The named actor's roles (1.3, "Named actor roles"), e.g. <c>cawg.creator</c>; none by default.</summary>
    public IReadOnlyList<string> Roles { get; init => field = value ?? []; } = [];
}

public sealed partial class ManifestBuilder
{
    /// <summary>The hard binding label with the longest name: placeholders reserve room for it, whichever binding the format gets.</summary>
    private const string LongestHardBindingLabel = AssertionLabels.BmffHashV3;

    /// <summary>Room kept in a placeholder beyond the estimated signature, for the COSE framing and the pads' own headers.</summary>
    private const int IdentityHeadroom = 64;

    /// <summary>
    /// Identities to add as <c>cawg.identity</c> assertions (<c>cawg.identity__1</c>, ... for the second and later), each
    /// signed by its <see cref="IdentitySigner.Signer"/> over a signer payload that references the hard binding, the
    /// actions and any <c>cawg.training-mining</c> assertion. The definition's <c>identities</c> are added after these.
    /// Not available for update manifests, which have no hard binding of their own.
    /// </summary>
    public IReadOnlyList<IdentitySigner> Identities { get; init => field = value ?? []; } = [];

    /// <summary>The identities of <see cref="Identities"/> and of the definition, with the definition's signers to dispose after signing.</summary>
    private (List<IdentitySigner> All, List<IDisposable> Owned) LoadIdentities()
    {
        var all = new List<IdentitySigner>(Identities);
        var owned = new List<IDisposable>();
        try
        {
            foreach (var definition in _definition.Identities)
            {
                var directory = _resourceDirectory ?? ".";
                var signer = PemClaimSigner.FromFiles(Path.Combine(directory, definition.PrivateKey), Path.Combine(directory, definition.SignCert),
                    definition.Algorithm is null ? null : ParseAlgorithm(definition.Algorithm));
                owned.Add(signer);
                all.Add(new IdentitySigner(signer) { Roles = definition.Roles });
            }
        }
        catch
        {
            owned.ForEach(o => o.Dispose());
            throw;
        }

        return (all, owned);
    }

    /// <summary>The algorithm names c2patool's definitions use (<c>es256</c> ... <c>ps512</c>, <c>ed25519</c>).</summary>
    private static SigningAlgorithm ParseAlgorithm(string name) =>
        name.Equals("ed25519", StringComparison.OrdinalIgnoreCase) ? SigningAlgorithm.EdDSA
        : Enum.TryParse<SigningAlgorithm>(name, ignoreCase: true, out var alg) && Enum.IsDefined(alg) ? alg
        : throw new ArgumentException($"unknown identity signing algorithm '{name}'; use es256, es384, es512, ps256, ps384, ps512 or ed25519");

    /// <summary>
    /// One placeholder per identity (1.3, "Interaction with data hash assertion", step 1): an assertion with the final
    /// label, as large as the final assertion can get, so the store's layout (and a data hash's offsets) is fixed before
    /// the credential holder signs. Its bytes are an identity assertion with a zero signature of the reserved length.
    /// </summary>
    private static List<IdentitySlot> PlanIdentities(IReadOnlyList<IdentitySigner> identities, IReadOnlyList<PendingAssertion> assertions)
    {
        var slots = new List<IdentitySlot>(identities.Count);
        for (var i = 0; i < identities.Count; i++)
        {
            var identity = identities[i];
            var label = i == 0 ? AssertionLabels.CawgIdentity : $"{AssertionLabels.CawgIdentity}__{i}";
            var references = IdentityReferences(assertions, new PendingAssertion(LongestHardBindingLabel, AssertionContentKind.Cbor, new byte[Sha256Length], null, true));
            var payload = SignerPayload.Create(references, SignerPayload.X509Cose, identity.Roles);
            var chain = identity.Signer.CertificateChain.Select(c => (ReadOnlyMemory<byte>)c.RawData).ToArray();
            var signatureRoom = CoseSign1Writer.EncodeProtectedHeader(identity.Signer.Algorithm, chain).Length + SignatureAllowance(identity.Signer.Algorithm) + IdentityHeadroom;
            var placeholder = new IdentityAssertion(payload, new byte[signatureRoom], ReadOnlyMemory<byte>.Empty, null).Write();
            slots.Add(new IdentitySlot(label, identity, placeholder));
        }

        return slots;
    }

    /// <summary>
    /// What the identity vouches for (1.3, "Overview": the hard binding MUST be referenced; the actions SHOULD be, so the
    /// actor attests what was done): the hard binding, the actions and the training and mining preferences.
    /// </summary>
    private static List<HashedUri> IdentityReferences(IReadOnlyList<PendingAssertion> assertions, PendingAssertion hardBinding)
    {
        var references = new List<HashedUri> { UriOf(hardBinding) };
        references.AddRange(assertions
            .Where(a => Assertion.SplitInstance(a.Label).BaseLabel is AssertionLabels.ActionsV1 or AssertionLabels.ActionsV2 or AssertionLabels.CawgTrainingMining)
            .Select(UriOf));
        return references;
    }

    /// <summary>
    /// Replaces each placeholder with the final identity assertion (1.3, "Interaction with data hash assertion", step 7,
    /// and "Creating the assertion"): the signer payload now hashes the computed hard binding, the credential holder signs
    /// its deterministic CBOR with a COSE_Sign1 as a claim is signed (1.3, "Generating the COSE signature"; no v1
    /// time-stamp, and none at all: the claim signature's time-stamp dates it), and pad1/pad2 bring it back to the
    /// placeholder's exact size.
    /// </summary>
    private static async Task<IReadOnlyList<PendingAssertion>> SignIdentitiesAsync(IReadOnlyList<PendingAssertion> assertions, IReadOnlyList<IdentitySlot> slots,
        PendingAssertion hardBinding, CancellationToken cancellationToken)
    {
        var result = assertions.ToList();
        foreach (var slot in slots)
        {
            var payload = SignerPayload.Create(IdentityReferences(assertions, hardBinding), SignerPayload.X509Cose, slot.Identity.Roles);
            var signature = await ClaimSignatureWriter.SignAsync(slot.Identity.Signer, payload.Raw, cancellationToken: cancellationToken);
            var bytes = new IdentityAssertion(payload, signature, ReadOnlyMemory<byte>.Empty, null).WritePadded(slot.Placeholder.Length)
                ?? throw new InvalidOperationException($"the {slot.Label} signature ({signature.Length} bytes) does not fit the space reserved for it ({slot.Placeholder.Length} bytes)");
            var at = result.FindIndex(a => a.Label == slot.Label);
            result[at] = result[at] with { Payload = bytes };
        }

        return result;
    }

    /// <summary>An identity and the placeholder that keeps its place in the store.</summary>
    private sealed record IdentitySlot(string Label, IdentitySigner Identity, byte[] Placeholder)
    {
        public PendingAssertion Pending => new(Label, AssertionContentKind.Cbor, Placeholder, null, IsCreatedByDefault(Label));
    }
}
