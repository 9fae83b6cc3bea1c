using MediaTrust.Formats.Common;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// Random access to the bytes the PDF parser reads: a window over the asset stream, or a decoded object stream
/// held in memory. Reading past the end yields -1, so the parser meets a clean end instead of an exception.
/// </summary>
internal sealed class PdfSource
{
    private const int WindowLength = 16 * 1024;

    private readonly Stream? _stream;
    private readonly byte[] _buffer;
    private long _windowStart;
    private int _windowLength;

    public PdfSource(Stream stream)
    {
        _stream = stream;
        _buffer = new byte[WindowLength];
        Length = stream.Length;
        _windowStart = -1;
    }

    public PdfSource(byte[] bytes, string name)
    {
        _buffer = bytes;
        Length = bytes.Length;
        _windowLength = bytes.Length;
        Name = name;
    }

    /// <summary>Where the bytes come from, for error locations (null for the file itself).</summary>
    public string? Name { get; }

    public long Length { get; }

    /// <summary>The byte at <paramref name="position"/>, or -1 outside the source.</summary>
    public int this[long position]
    {
        get
        {
            if (position < 0 || position >= Length)
            {
                return -1;
            }

            if (position < _windowStart || position >= _windowStart + _windowLength)
            {
                // Only a stream-backed source can miss: an in-memory source's window is all of it.
                _windowStart = position;
                _windowLength = AssetStream.ReadUpTo(_stream!, position, _buffer);
            }

            return _buffer[position - _windowStart];
        }
    }
}
