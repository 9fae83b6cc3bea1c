using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>
/// Reading and validating a box-hash JPEG walks the file's structure once: the reader's fast path stops at the
/// first scan, and the box hash's layout continues from there instead of scanning the file again.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class BoxHashReadPassesTests
{
    [Fact]
    public async Task A_box_hash_jpeg_is_read_once_and_hashed_once()
    {
        var bytes = await File.ReadAllBytesAsync(
            SharedFolder.RequireCorpusFile("c2pa-extension-validator/test/media/bing_creator_cloud_surfing_puppy.jpg"), TestContext.Current.CancellationToken);
        await using var asset = new CountingStream(new MemoryStream(bytes));

        var reader = await Reader.ReadAsync(asset, new ReaderOptions(), TestContext.Current.CancellationToken);

        Assert.Contains(reader.Validation!.Results.ActiveManifest.Success, f => f.Code == "assertion.boxesHash.match");
        // One pass over the structure (segment headers, the store, the entropy-coded data, which must be scanned for
        // RSTn and the next marker) and one hashing pass, which skips the store; before, the layout was read twice.
        Assert.True(asset.BytesRead <= 2L * bytes.Length, $"read {asset.BytesRead} bytes of a {bytes.Length}-byte file");
    }

    /// <summary>Counts the bytes read through it.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override int ReadByte()
        {
            var b = inner.ReadByte();
            BytesRead += b >= 0 ? 1 : 0;
            return b;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
