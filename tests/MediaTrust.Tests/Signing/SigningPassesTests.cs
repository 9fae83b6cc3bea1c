namespace MediaTrust.Signing;

/// <summary>Signing reads the asset's bytes at most twice: the copy (pass 1) and the hash of the output (pass 2).</summary>
public sealed class SigningPassesTests
{
    [Theory]
    [InlineData("mp4")]
    [InlineData("jpg")]
    [InlineData("wav")]
    public async Task Signing_reads_the_asset_bytes_at_most_twice(string extension)
    {
        // Large enough that a third pass could not hide in the slack allowed for headers peeked at.
        var asset = extension == "jpg"
            ? GeneratedAssets.Encode(new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 100 }, 1600, 1200)
            : GeneratedAssets.Create(extension);
        using var signer = TestSigner.Create();
        await using var source = new CountingStream(new MemoryStream(asset));
        await using var destination = new CountingStream(new MemoryStream());

        await new ManifestBuilder(SignEveryFormatTests.AiGenerated) { GenerateThumbnails = false }
            .SignAsync(source, destination, signer, TestContext.Current.CancellationToken);

        // Pass 1 reads the source (plus format headers it peeks at); pass 2 reads the output outside the store.
        var storeLength = destination.Length - asset.Length;
        Assert.True(source.BytesRead <= asset.Length + 2 * 1024, $"source read {source.BytesRead} bytes of {asset.Length}");
        Assert.True(destination.BytesRead <= destination.Length - storeLength + 2 * 1024 + storeLength,
            $"output read {destination.BytesRead} bytes of {destination.Length}");
        Assert.True(source.BytesRead + destination.BytesRead <= 2 * (asset.Length + storeLength) + 1024,
            $"{source.BytesRead} + {destination.BytesRead} bytes read for a {asset.Length}-byte asset: more than two passes");
    }

    /// <summary>Counts the bytes read through it.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
