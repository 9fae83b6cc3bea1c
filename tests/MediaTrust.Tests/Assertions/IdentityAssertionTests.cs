using System.Formats.Cbor;
using System.Text.Json.Nodes;
using MediaTrust.Manifests;

namespace MediaTrust.Assertions;

public sealed class IdentityAssertionTests
{
    private static readonly SignerPayload Payload = SignerPayload.Create(
        [new HashedUri("self#jumbf=c2pa.assertions/c2pa.hash.data", new byte[32]), new HashedUri("self#jumbf=c2pa.assertions/c2pa.actions.v2", new byte[32])],
        SignerPayload.X509Cose, [SignerPayload.CreatorRole]);

    [Fact]
    public void Reads_what_it_writes_and_keeps_the_signed_payload_bytes()
    {
        var written = new IdentityAssertion(Payload, new byte[] { 1, 2, 3 }, new byte[10], new byte[2]).Write();
        var read = IdentityAssertion.TryRead(written, out var problem);

        Assert.Null(problem);
        Assert.Equal(Payload.Raw.ToArray(), read!.SignerPayload.Raw.ToArray());
        Assert.Equal([SignerPayload.CreatorRole], read.SignerPayload.Roles);
        Assert.Equal(2, read.SignerPayload.ReferencedAssertions.Count);
        Assert.Equal(SignerPayload.X509Cose, read.SignerPayload.SigType);
        Assert.True(read.PadsAreZero);
    }

    [Fact]
    public void Keeps_a_non_deterministic_payload_as_signed_and_ignores_historical_fields()
    {
        // c2pa-rs writes referenced_assertions before sig_type (not deterministic order) and older drafts added fields.
        var payload = new CborWriter(CborConformanceMode.Lax);
        payload.WriteStartMap(3);
        payload.WriteTextString("referenced_assertions");
        payload.WriteStartArray(1);
        new HashedUri("self#jumbf=c2pa.assertions/c2pa.hash.data", new byte[32]).Write(payload);
        payload.WriteEndArray();
        payload.WriteTextString("sig_type");
        payload.WriteTextString(SignerPayload.X509Cose);
        payload.WriteTextString("expected_claim_generator");
        payload.WriteTextString("old");
        payload.WriteEndMap();
        var raw = payload.Encode();
        var assertion = new IdentityAssertion(new SignerPayload([], "", [], raw), new byte[] { 9 }, ReadOnlyMemory<byte>.Empty, null).Write();

        var read = IdentityAssertion.TryRead(assertion, out _)!;

        Assert.Equal(raw, read.SignerPayload.Raw.ToArray());
        Assert.Single(read.SignerPayload.ReferencedAssertions);
    }

    [Fact]
    public void Pads_to_every_size_a_placeholder_may_have()
    {
        var identity = new IdentityAssertion(Payload, new byte[700], ReadOnlyMemory<byte>.Empty, null);
        var bare = identity.Write().Length;
        for (var size = bare; size < bare + 70_000; size += size < bare + 600 ? 1 : 997)
        {
            var padded = identity.WritePadded(size);
            Assert.True(padded is not null && padded.Length == size, $"no padding gives {size} bytes (bare {bare}, got {padded?.Length})");
            Assert.True(IdentityAssertion.TryRead(padded, out _)!.PadsAreZero);
        }

        Assert.Null(identity.WritePadded(bare - 1));
    }

    [Theory]
    [InlineData("not a map")]
    [InlineData("no signature")]
    [InlineData("empty role")]
    [InlineData("sig_type not text")]
    public void Rejects_what_breaks_the_schema(string breakage)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        if (breakage == "not a map")
        {
            writer.WriteStartArray(0);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStartMap(breakage == "no signature" ? 2 : 3);
            writer.WriteTextString("signer_payload");
            writer.WriteStartMap(breakage == "empty role" ? 3 : 2);
            writer.WriteTextString("referenced_assertions");
            writer.WriteStartArray(0);
            writer.WriteEndArray();
            writer.WriteTextString("sig_type");
            if (breakage == "sig_type not text")
            {
                writer.WriteInt32(1);
            }
            else
            {
                writer.WriteTextString("cawg.x509.cose");
            }

            if (breakage == "empty role")
            {
                writer.WriteTextString("role");
                writer.WriteStartArray(0);
                writer.WriteEndArray();
            }

            writer.WriteEndMap();
            if (breakage != "no signature")
            {
                writer.WriteTextString("signature");
                writer.WriteByteString([1]);
            }

            writer.WriteTextString("pad1");
            writer.WriteByteString([]);
            writer.WriteEndMap();
        }

        Assert.Null(IdentityAssertion.TryRead(writer.Encode(), out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Training_and_mining_preferences_round_trip()
    {
        var assertion = new TrainingMiningAssertion([new("cawg.ai_generative_training", "notAllowed", null), new("cawg.data_mining", "constrained", "ask us")]);
        var json = Cbor.CborJson.Decode(assertion.Write());
        var read = TrainingMiningAssertion.TryRead(json, out _)!;

        Assert.Equal(assertion.Entries.OrderBy(e => e.Use, StringComparer.Ordinal), read.Entries.OrderBy(e => e.Use, StringComparer.Ordinal));
        Assert.Null(TrainingMiningAssertion.TryRead(new JsonObject(), out _));
    }
}
