using MediaTrust.Validation;

namespace MediaTrust.Formats.Font;

public sealed class FontValidationTests
{
    /// <summary>The day after Monotype signed the font (2024-07-12), inside its certificate's validity.</summary>
    private static readonly DateTimeOffset SignedDayAfter = new(2024, 7, 13, 0, 0, 0, TimeSpan.Zero);

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Corpus_font_signature_and_box_hash_validate()
    {
        var path = MediaTrust.Testing.SharedFolder.RequireCorpusFile("public-testfiles/font/ttf/monotype-20240712-monotype_sans.ttf");
        var options = new ReaderOptions { Validation = new ValidationOptions { ValidationTime = SignedDayAfter } };
        var reader = await Reader.ReadFileAsync(path, options, TestContext.Current.CancellationToken);
        var codes = reader.Validation!.Results.ActiveManifest;
        Assert.Contains(codes.Success, f => f.Code == "claimSignature.validated");
        Assert.Contains(codes.Success, f => f.Code == "assertion.boxesHash.match");

        // No trust list is configured here, so the signer is untrusted; nothing else may fail.
        Assert.All(codes.Failure, f => Assert.Equal("signingCredential.untrusted", f.Code));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Changing_a_glyph_byte_of_the_corpus_font_breaks_the_box_hash()
    {
        var path = MediaTrust.Testing.SharedFolder.RequireCorpusFile("public-testfiles/font/ttf/monotype-20240712-monotype_sans.ttf");
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes[4996 + 100] ^= 0x01; // inside glyf
        var options = new ReaderOptions { Validation = new ValidationOptions { ValidationTime = SignedDayAfter } };
        var reader = await Reader.ReadAsync(new MemoryStream(bytes), options, TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Failures, f => f.Code == "assertion.boxesHash.mismatch");
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Head_checksum_adjustment_is_outside_every_box()
    {
        var path = MediaTrust.Testing.SharedFolder.RequireCorpusFile("public-testfiles/font/ttf/monotype-20240712-monotype_sans.ttf");
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes[300 + 8] ^= 0xFF; // head.checkSumAdjustment: spec 2.2 §18.7.3.6 treats it as zero
        var options = new ReaderOptions { Validation = new ValidationOptions { ValidationTime = SignedDayAfter } };
        var reader = await Reader.ReadAsync(new MemoryStream(bytes), options, TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Results.ActiveManifest.Success, f => f.Code == "assertion.boxesHash.match");
    }
}
