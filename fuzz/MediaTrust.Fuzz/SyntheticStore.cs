using System.Formats.Cbor;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Fuzz;

/// <summary>
/// Wraps fuzzed assertion content in a one-manifest store whose claim references it, so the assertion decoders that
/// only the validator and the JSON views call (ingredients, actions) see the input as a real file would present it.
/// The signature is not valid: validation reports that and still checks every assertion (spec 2.2 §15.10).
/// </summary>
internal static class SyntheticStore
{
    private static readonly byte[] Cose = Cbor(w =>
    {
        // COSE_Sign1_Tagged (RFC 9052 §4.2) with an empty protected header: decodes, never verifies.
        w.WriteTag((CborTag)18);
        w.WriteStartArray(4);
        w.WriteByteString([0xA0]);
        w.WriteStartMap(0);
        w.WriteEndMap();
        w.WriteNull();
        w.WriteByteString(new byte[64]);
        w.WriteEndArray();
    });

    /// <summary>A store holding one standard manifest with <paramref name="cbor"/> as the CBOR assertion <paramref name="label"/>.</summary>
    public static byte[] Around(string label, byte[] cbor)
    {
        var assertion = JumbfWriter.SuperBox(JumbfTypes.Cbor, label, [JumbfWriter.ContentBox(BoxTypes.Cbor, cbor)]);
        var claim = Cbor(w =>
        {
            w.WriteStartMap(null);
            w.WriteTextString("instanceID");
            w.WriteTextString("xmp:iid:fuzz");
            w.WriteTextString("claim_generator_info");
            w.WriteStartMap(null);
            w.WriteTextString("name");
            w.WriteTextString("MediaTrust.Fuzz");
            w.WriteEndMap();
            w.WriteTextString("signature");
            w.WriteTextString("self#jumbf=c2pa.signature");
            w.WriteTextString("created_assertions");
            w.WriteStartArray(1);
            w.WriteStartMap(null);
            w.WriteTextString("url");
            w.WriteTextString("self#jumbf=c2pa.assertions/" + label);
            w.WriteTextString("hash");
            w.WriteByteString(new byte[32]);
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        });
        var manifest = JumbfWriter.SuperBox(C2paBoxes.StandardManifest, "urn:c2pa:00000000-0000-0000-0000-000000000000",
        [
            JumbfWriter.SuperBox(C2paBoxes.AssertionStore, "c2pa.assertions", [assertion]),
            JumbfWriter.SuperBox(C2paBoxes.Claim, "c2pa.claim.v2", [JumbfWriter.ContentBox(BoxTypes.Cbor, claim)]),
            JumbfWriter.SuperBox(C2paBoxes.ClaimSignature, "c2pa.signature", [JumbfWriter.ContentBox(BoxTypes.Cbor, Cose)]),
        ]);
        return JumbfWriter.SuperBox(C2paBoxes.ManifestStore, "c2pa", [manifest]);
    }

    /// <summary>The assertion box of a store made by <see cref="Around"/>, read back as the library reads it.</summary>
    public static Assertions.Assertion Assertion(string label, byte[] cbor) =>
        Assertions.Assertion.Read(JumbfReader.ReadBox(JumbfWriter.SuperBox(JumbfTypes.Cbor, label, [JumbfWriter.ContentBox(BoxTypes.Cbor, cbor)])));

    private static byte[] Cbor(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        write(writer);
        return writer.Encode();
    }
}
