using MediaTrust.Formats;

namespace MediaTrust.Formats;

public sealed class AssetFormatsTests
{
    [Fact]
    public void Unknown_bytes_have_no_format()
    {
        Assert.Null(AssetFormats.Detect("not a media file"u8));
    }
}
