namespace MediaTrust.IO;

/// <summary>
/// A read-only, seekable view of <c>[start, start + length)</c> of another seekable stream, so a part of an
/// asset can be hashed and parsed as if it were a file of its own. The inner stream is not owned.
/// </summary>
internal sealed class StreamWindow(Stream inner, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var available = length - _position;
        if (available <= 0)
        {
            return 0;
        }

        inner.Position = start + _position;
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, available)]);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
