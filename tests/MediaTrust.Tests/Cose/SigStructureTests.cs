using MediaTrust.Cose;

namespace MediaTrust.Cose;

public sealed class SigStructureTests
{
    // Protected header {1: -7} (alg ES256) = a1 01 26; payload "abc".
    private static readonly byte[] Protected = Convert.FromHexString("a10126");
    private static readonly byte[] Payload = "abc"u8.ToArray();

    [Fact]
    public void Signature1_is_array_of_context_protected_empty_aad_and_payload()
    {
        // 84                          array(4)
        //   6a 5369676e617475726531     "Signature1"
        //   43 a10126                   bstr(protected)
        //   40                          bstr(external_aad = empty)
        //   43 616263                   bstr(payload)
        Assert.Equal("846A5369676E61747572653143A101264043616263", Convert.ToHexString(SigStructure.ForClaimSignature(Protected, Payload)));
    }

    [Fact]
    public void Counter_signature_uses_its_context()
    {
        // 70 436f756e7465725369676e6174757265 = "CounterSignature" (16 bytes)
        Assert.Equal("8470436F756E7465725369676E617475726543A101264043616263",
            Convert.ToHexString(SigStructure.ForTimeStamp(Protected, Payload)));
    }

    [Fact]
    public void The_v2_payload_is_the_serialized_signature_field_wrapped_again()
    {
        // §10.3.2.5.2: the payload is the signature field including its bstr head: 42 0102 → bstr(3) 43 420102.
        var field = SigStructure.SignatureField([0x01, 0x02]);
        Assert.Equal("420102", Convert.ToHexString(field));
        Assert.Equal("8470436F756E7465725369676E617475726543A101264043420102", Convert.ToHexString(SigStructure.ForTimeStamp(Protected, field)));
    }

    [Fact]
    public void An_empty_protected_header_is_an_empty_bstr()
    {
        Assert.Equal("846A5369676E617475726531404040", Convert.ToHexString(SigStructure.ForClaimSignature([], [])));
    }

    [Fact]
    public void Long_payloads_get_multi_byte_length_heads()
    {
        var payload = new byte[300];
        var encoded = SigStructure.ForClaimSignature(Protected, payload);
        // ... 40, then 59 012c (bstr of 300 bytes) and the bytes.
        Assert.Equal("4059012C", Convert.ToHexString(encoded.AsSpan(16, 4)));
        Assert.Equal(20 + 300, encoded.Length);
    }
}
