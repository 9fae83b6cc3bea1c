using MediaTrust.Signing;
using MediaTrust.Validation;

namespace MediaTrust;

/// <summary>The reading API: one options record, validation as an option, non-seekable input spooled once, errors in their channels.</summary>
public sealed class ReaderApiTests
{
    [Fact]
    public async Task A_stream_that_cannot_seek_reads_like_a_file()
    {
        var signed = await SignedJpegAsync();
        var seekable = await Reader.ReadAsync(new MemoryStream(signed), ReaderOptions.Default, TestContext.Current.CancellationToken);

        var forward = await Reader.ReadAsync(new ForwardOnlyStream(signed), ReaderOptions.Default, TestContext.Current.CancellationToken);

        Assert.Equal(seekable.ToJson(), forward.ToJson());
        Assert.Equal(seekable.Validation!.State, forward.Validation!.State);
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_and_is_too_long_is_refused()
    {
        var signed = await SignedJpegAsync();

        var error = await Assert.ThrowsAsync<MalformedContentException>(() =>
            Reader.ReadAsync(new ForwardOnlyStream(signed), ReaderOptions.Default with { MaxSpoolLength = signed.Length - 1 }, TestContext.Current.CancellationToken));

        Assert.Contains("MaxSpoolLength", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_is_an_option_not_a_method()
    {
        var signed = await SignedJpegAsync();

        var read = await Reader.ReadAsync(new MemoryStream(signed), ReaderOptions.StoreOnly, TestContext.Current.CancellationToken);
        var validated = await Reader.ReadAsync(new MemoryStream(signed), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(read.Validation);
        Assert.NotNull(validated.Validation);
        Assert.Equal(read.ActiveManifestLabel, validated.ActiveManifestLabel);
        Assert.DoesNotContain("validation_state", read.ToJson(), StringComparison.Ordinal);
        Assert.Contains("validationResults", validated.ToCrJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_format_is_an_UnknownFormatException_and_still_a_NotSupportedException()
    {
        var error = await Assert.ThrowsAsync<UnknownFormatException>(() =>
            Reader.ReadAsync(new MemoryStream(new byte[64]), cancellationToken: TestContext.Current.CancellationToken));

        Assert.IsAssignableFrom<NotSupportedException>(error);
    }

    [Fact]
    public void Negative_limits_are_refused_when_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReaderOptions { MaxStoreLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ReaderOptions.Default with { MaxSpoolLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidationOptions { MaxIngredientDepth = -1 });
    }

    [Fact]
    public async Task Resources_are_returned_not_written()
    {
        var signed = await SignedJpegAsync(thumbnail: true);
        var reader = await Reader.ReadAsync(new MemoryStream(signed), ReaderOptions.StoreOnly, TestContext.Current.CancellationToken);

        var resource = Assert.Single(reader.GetResources());

        Assert.Equal(reader.ActiveManifestLabel, resource.ManifestLabel);
        Assert.StartsWith("c2pa.thumbnail.claim", resource.AssertionLabel, StringComparison.Ordinal);
        Assert.StartsWith("image/", resource.MediaType, StringComparison.Ordinal);
        Assert.False(resource.Data.IsEmpty);
    }

    private static async Task<byte[]> SignedJpegAsync(bool thumbnail = false)
    {
        using var signer = TestSigner.Create();
        var destination = new MemoryStream();
        await new ManifestBuilder(SignEveryFormatTests.AiGenerated) { GenerateThumbnails = thumbnail }
            .SignAsync(new MemoryStream(GeneratedAssets.Create("jpg")), destination, signer, TestContext.Current.CancellationToken);
        return destination.ToArray();
    }

    /// <summary>A stream that reads forward only, like an HTTP upload.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
