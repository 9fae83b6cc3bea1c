using MediaTrust.IO;

namespace MediaTrust.Formats.Common;

/// <summary>
/// A small buffered, forward-mostly reader for formats made of many tiny headers (GIF sub-blocks, ID3 frames).
/// Reading past the end of the stream throws <see cref="MalformedContentException"/>.
/// </summary>
internal sealed class ForwardReader
{
    private readonly Stream _stream;
    private readonly string _location;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private long _bufferStart;
    private int _bufferLength;

    public ForwardReader(Stream stream, long position, string location)
    {
        _stream = stream;
        _location = location;
        Position = position;
        _bufferStart = position;
    }

    public long Position { get; private set; }

    public byte ReadByte()
    {
        if (Position < _bufferStart || Position >= _bufferStart + _bufferLength)
        {
            Fill();
        }

        return _buffer[Position++ - _bufferStart];
    }

    public void Read(Span<byte> destination)
    {
        AssetStream.ReadAt(_stream, Position, destination, _location);
        Position += destination.Length;
    }

    public void Skip(long count)
    {
        if (count < 0 || count > _stream.Length - Position)
        {
            throw new MalformedContentException($"skipping {count} bytes runs past the end of the asset", offset: Position, location: _location);
        }

        Position += count;
    }

    public void Seek(long position) => Position = position;

    private void Fill()
    {
        _bufferStart = Position;
        _bufferLength = AssetStream.ReadUpTo(_stream, Position, _buffer);
        if (_bufferLength == 0)
        {
            throw new MalformedContentException("unexpected end of the asset", offset: Position, location: _location);
        }
    }
}
