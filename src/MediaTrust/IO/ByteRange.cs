namespace MediaTrust.IO;

/// <summary>A half-open range of bytes <c>[Start, Start + Length)</c> in a stream.</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length;

    public override string ToString() => $"[{Start}, {End})";
}
