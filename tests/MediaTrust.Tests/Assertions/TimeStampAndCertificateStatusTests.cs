using MediaTrust.Testing;

namespace MediaTrust.Assertions;

public sealed class TimeStampAndCertificateStatusTests
{
    private const string Fixtures = "c2pa-rs/sdk/tests/fixtures/";

    [Fact]
    [Trait("Category", "Corpus")]
    public void A_time_stamp_assertion_of_the_corpus_is_written_byte_for_byte_as_read()
    {
        var cbor = CorpusAssertions.First(Fixtures + "update_manifest.jpg", AssertionLabels.TimeStamp).Data;
        var read = TimeStampAssertion.TryRead(cbor, out var problem);

        Assert.Null(problem);
        Assert.NotEmpty(read!.Entries);
        Assert.Equal(cbor.ToArray(), read.Write());
    }

    [Fact]
    public void A_written_time_stamp_map_reads_back_ordered_by_label()
    {
        var written = new TimeStampAssertion([("urn:c2pa:b", new byte[] { 2 }), ("urn:c2pa:a", new byte[] { 1 })]).Write();
        var read = TimeStampAssertion.TryRead(written, out _)!;

        Assert.Equal(["urn:c2pa:a", "urn:c2pa:b"], read.Entries.Select(e => e.ManifestLabel));
        Assert.Equal(written, read.Write());
    }

    [Fact]
    public void An_empty_time_stamp_map_is_malformed()
    {
        Assert.Null(TimeStampAssertion.TryRead(new TimeStampAssertion([]).Write(), out var problem));
        Assert.Contains("empty map", problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Corpus")]
    public void A_certificate_status_assertion_of_the_corpus_is_written_byte_for_byte_as_read()
    {
        var cbor = CorpusAssertions.First(Fixtures + "ocsp_with_assertion.jpg", AssertionLabels.CertificateStatus).Data;
        var read = CertificateStatusAssertion.Read(cbor);

        Assert.NotEmpty(read.OcspResponses);
        Assert.Equal(cbor.ToArray(), read.Write());
    }

    [Fact]
    public void A_certificate_status_that_is_not_the_shape_has_no_responses()
    {
        Assert.Empty(CertificateStatusAssertion.Read(TestStores.Cbor(w => w.WriteTextString("ocspVals"))).OcspResponses);
        Assert.Equal([[9]], CertificateStatusAssertion.Read(new CertificateStatusAssertion([new byte[] { 9 }]).Write()).OcspResponses.Select(r => r.ToArray()));
    }
}
