using System.Formats.Cbor;
using System.IO.Compression;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Testing;

/// <summary>Builds small, well-formed manifest stores and COSE structures for tests.</summary>
internal static class TestStores
{
    public static byte[] Cbor(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        write(writer);
        return writer.Encode();
    }

    public static byte[] ClaimV2(string title, params string[] assertionLabels) => Cbor(w =>
    {
        w.WriteStartMap(null);
        w.WriteTextString("instanceID");
        w.WriteTextString("xmp:iid:1");
        w.WriteTextString("dc:title");
        w.WriteTextString(title);
        w.WriteTextString("claim_generator_info");
        w.WriteStartMap(null);
        w.WriteTextString("name");
        w.WriteTextString("tests");
        w.WriteEndMap();
        w.WriteTextString("signature");
        w.WriteTextString("self#jumbf=c2pa.signature");
        w.WriteTextString("created_assertions");
        w.WriteStartArray(null);
        foreach (var label in assertionLabels)
        {
            w.WriteStartMap(null);
            w.WriteTextString("url");
            w.WriteTextString("self#jumbf=c2pa.assertions/" + label);
            w.WriteTextString("hash");
            w.WriteByteString(new byte[32]);
            w.WriteEndMap();
        }

        w.WriteEndArray();
        w.WriteEndMap();
    });

    /// <summary>COSE_Sign1_Tagged with alg ES256, a one-certificate x5chain, a sigTst2 token and padding.</summary>
    public static byte[] Cose(byte[]? certificate = null, byte[]? token = null) => Cbor(w =>
    {
        var protectedHeader = Cbor(p =>
        {
            p.WriteStartMap(null);
            p.WriteInt32(1);
            p.WriteInt32(-7);
            p.WriteInt32(33);
            p.WriteByteString(certificate ?? [0x30, 0x00]);
            p.WriteInt32(6);
            p.WriteInt64(1_700_000_000);
            p.WriteEndMap();
        });
        w.WriteTag((CborTag)18);
        w.WriteStartArray(4);
        w.WriteByteString(protectedHeader);
        w.WriteStartMap(null);
        w.WriteTextString("sigTst2");
        w.WriteStartMap(null);
        w.WriteTextString("tstTokens");
        w.WriteStartArray(null);
        w.WriteStartMap(null);
        w.WriteTextString("val");
        w.WriteByteString(token ?? [0xAA, 0xBB]);
        w.WriteEndMap();
        w.WriteEndArray();
        w.WriteEndMap();
        w.WriteTextString("rVals");
        w.WriteStartMap(null);
        w.WriteTextString("ocspVals");
        w.WriteStartArray(null);
        w.WriteByteString([0x30, 0x03]);
        w.WriteEndArray();
        w.WriteEndMap();
        w.WriteTextString("pad");
        w.WriteByteString(new byte[5]);
        w.WriteEndMap();
        w.WriteNull();
        w.WriteByteString([1, 2, 3, 4]);
        w.WriteEndArray();
    });

    public static byte[] CborAssertion(string label, byte[] cbor)
        => JumbfWriter.SuperBox(JumbfTypes.Cbor, label, [JumbfWriter.ContentBox(BoxTypes.Cbor, cbor)]);

    public static byte[] ThumbnailAssertion(string label, byte[] jpeg)
        => JumbfWriter.SuperBox(JumbfTypes.EmbeddedFile, label,
            [JumbfWriter.ContentBox(BoxTypes.EmbeddedFileDescription, EmbeddedFileDescription.Encode("image/jpeg")), JumbfWriter.ContentBox(BoxTypes.EmbeddedFileData, jpeg)]);

    public static byte[] Actions() => Cbor(w =>
    {
        w.WriteStartMap(1);
        w.WriteTextString("actions");
        w.WriteStartArray(1);
        w.WriteStartMap(1);
        w.WriteTextString("action");
        w.WriteTextString("c2pa.created");
        w.WriteEndMap();
        w.WriteEndArray();
        w.WriteEndMap();
    });

    public static byte[] Manifest(string label, string title, Guid? type = null, byte[][]? assertions = null, byte[]? claim = null, byte[]? cose = null)
    {
        assertions ??= [CborAssertion("c2pa.actions.v2", Actions()), ThumbnailAssertion("c2pa.thumbnail.claim", [0xFF, 0xD8, 0xFF, 0xD9])];
        return JumbfWriter.SuperBox(type ?? C2paBoxes.StandardManifest, label,
        [
            JumbfWriter.SuperBox(C2paBoxes.AssertionStore, "c2pa.assertions", assertions),
            JumbfWriter.SuperBox(C2paBoxes.Claim, "c2pa.claim.v2", [JumbfWriter.ContentBox(BoxTypes.Cbor, claim ?? ClaimV2(title, "c2pa.actions.v2", "c2pa.thumbnail.claim"))]),
            JumbfWriter.SuperBox(C2paBoxes.ClaimSignature, "c2pa.signature", [JumbfWriter.ContentBox(BoxTypes.Cbor, cose ?? Cose())]),
        ]);
    }

    public static byte[] Store(params byte[][] manifests) => JumbfWriter.SuperBox(C2paBoxes.ManifestStore, "c2pa", manifests);

    /// <summary>A c2cm box holding the Brotli-compressed manifest (spec 2.2 §11.1.3.2).</summary>
    public static byte[] Compressed(string label, byte[] manifest)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(manifest);
        }

        return JumbfWriter.SuperBox(C2paBoxes.CompressedManifest, label, [JumbfWriter.ContentBox(BoxTypes.Brotli, output.ToArray())]);
    }

    /// <summary>A minimal baseline JPEG: SOI, APP0 (JFIF), DQT, SOS with entropy data and a restart marker, EOI.</summary>
    public static byte[] Jpeg() => Convert.FromHexString(
        "FFD8" + "FFE000104A46494600010100000100010000" + "FFDB0004" + "0000" + "FFDA000C03010002110311003F00" + "1234FF00" + "FFD0" + "5678" + "FFD9");

    /// <summary>A minimal PNG: signature, IHDR, IDAT, IEND (CRCs correct).</summary>
    public static byte[] Png() => Convert.FromHexString(
        "89504E470D0A1A0A" + "0000000D49484452000000010000000108060000001F15C489" + "0000000A49444154789C6300010000050001" + "0D0A2DB4" + "0000000049454E44AE426082");
}
