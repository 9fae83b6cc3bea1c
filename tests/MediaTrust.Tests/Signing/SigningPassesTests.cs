using MediaTrust.Testing;

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
}
