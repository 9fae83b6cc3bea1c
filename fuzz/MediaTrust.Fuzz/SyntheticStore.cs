using System.Formats.Cbor;
using MediaTrust.Jumbf;
using MediaTrust.Testing;

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
    public static byte[] Around(string label, byte[] cbor) =>
        TestStores.Store(TestStores.Manifest("urn:c2pa:00000000-0000-0000-0000-000000000000", "fuzz",
            assertions: [TestStores.CborAssertion(label, cbor)], claim: TestStores.ClaimV2("fuzz", label), cose: Cose));

    /// <summary>The assertion box of a store made by <see cref="Around"/>, read back as the library reads it.</summary>
    public static Assertions.Assertion Assertion(string label, byte[] cbor) =>
        Assertions.Assertion.Read(JumbfReader.ReadBox(TestStores.CborAssertion(label, cbor)));

    private static byte[] Cbor(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        write(writer);
        return writer.Encode();
    }
}
