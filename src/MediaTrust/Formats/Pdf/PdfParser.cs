using System.Globalization;
using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// A bounded tokenizer and object parser for PDF syntax (ISO 32000-2 §7.2–7.3): numbers, names, literal and
/// hexadecimal strings, arrays, dictionaries, indirect references and the keywords around indirect objects.
/// Nesting depth, container sizes and string lengths are bounded; anything unexpected throws
/// <see cref="MalformedContentException"/> with the offset.
/// </summary>
internal sealed class PdfParser
{
    /// <summary>Most entries one array or dictionary may hold.</summary>
    public const int MaxContainerEntries = 1_000_000;

    /// <summary>Longest string token (signature <c>/Contents</c> are tens of kilobytes; this leaves room).</summary>
    public const int MaxStringLength = 16 * 1024 * 1024;

    private const int MaxNameLength = 4096;

    private readonly PdfSource _source;

    public PdfParser(PdfSource source, long position)
    {
        _source = source;
        Position = position;
    }

    public long Position { get; set; }

    public static bool IsWhitespace(int c) => c is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(int c) => c is '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '/' or '%';

    private static bool IsRegular(int c) => c >= 0 && !IsWhitespace(c) && !IsDelimiter(c);

    private int Peek(int ahead = 0) => _source[Position + ahead];

    /// <summary>Skips white space and comments (ISO 32000-2 §7.2.3–7.2.4).</summary>
    public void SkipWhitespace()
    {
        while (true)
        {
            var c = Peek();
            if (IsWhitespace(c))
            {
                Position++;
            }
            else if (c == '%')
            {
                while (Peek() is not (-1 or 10 or 13))
                {
                    Position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Whether the next token is the keyword <paramref name="keyword"/>; consumes it if so.</summary>
    public bool TryKeyword(string keyword)
    {
        SkipWhitespace();
        for (var i = 0; i < keyword.Length; i++)
        {
            if (Peek(i) != keyword[i])
            {
                return false;
            }
        }

        if (IsRegular(Peek(keyword.Length)))
        {
            return false;
        }

        Position += keyword.Length;
        return true;
    }

    public void ExpectKeyword(string keyword)
    {
        var at = Position;
        if (!TryKeyword(keyword))
        {
            throw Error($"expected '{keyword}'", at);
        }
    }

    /// <summary>Reads a non-negative integer token.</summary>
    public long ReadInteger()
    {
        SkipWhitespace();
        var at = Position;
        if (ParseObject(0) is long value && value >= 0)
        {
            return value;
        }

        throw Error("expected a non-negative integer", at);
    }

    /// <summary>Reads one object. Indirect references are returned as <see cref="PdfRef"/>, never resolved.</summary>
    public object? ParseObject(int depth)
    {
        if (depth > FormatLimits.MaxNestingDepth)
        {
            throw Error($"objects nested deeper than {FormatLimits.MaxNestingDepth}", Position);
        }

        SkipWhitespace();
        var start = Position;
        var c = Peek();
        switch (c)
        {
            case -1:
                throw Error("unexpected end of data", start);
            case '/':
                Position++;
                return new PdfName(ReadName());
            case '(':
                return ReadLiteralString();
            case '<' when Peek(1) == '<':
                Position += 2;
                return ReadDictionary(depth);
            case '<':
                return ReadHexString();
            case '[':
                Position++;
                return ReadArray(depth);
        }

        if (c is '+' or '-' or '.' or (>= '0' and <= '9'))
        {
            var number = ReadNumber();
            if (number is long n && n >= 0 && n <= int.MaxValue)
            {
                // "n g R" is an indirect reference: look ahead without committing.
                var save = Position;
                SkipWhitespace();
                if (Peek() is >= '0' and <= '9' && ReadNumber() is long g && g >= 0 && g <= ushort.MaxValue && TryKeyword("R"))
                {
                    return new PdfRef((int)n, (int)g);
                }

                Position = save;
            }

            return number;
        }

        var word = ReadRegular(64);
        return word switch
        {
            "true" => true,
            "false" => false,
            "null" => null,
            "" => throw Error($"unexpected '{(char)c}'", start),
            _ => throw Error($"unexpected keyword '{word}'", start),
        };
    }

    private PdfDictionary ReadDictionary(int depth)
    {
        var dictionary = new PdfDictionary();
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '>' && Peek(1) == '>')
            {
                Position += 2;
                return dictionary;
            }

            if (Peek() != '/')
            {
                throw Error(Peek() == -1 ? "unterminated dictionary" : "dictionary key is not a name", Position);
            }

            Position++;
            var key = ReadName();
            var value = ParseObject(depth + 1);
            if (dictionary.Count >= MaxContainerEntries)
            {
                throw Error("dictionary has too many entries", Position);
            }

            dictionary[key] = value;
        }
    }

    private List<object?> ReadArray(int depth)
    {
        var array = new List<object?>();
        while (true)
        {
            SkipWhitespace();
            if (Peek() == ']')
            {
                Position++;
                return array;
            }

            if (Peek() == -1)
            {
                throw Error("unterminated array", Position);
            }

            if (array.Count >= MaxContainerEntries)
            {
                throw Error("array has too many entries", Position);
            }

            array.Add(ParseObject(depth + 1));
        }
    }

    private string ReadName()
    {
        var start = Position;
        var bytes = new List<byte>();
        while (IsRegular(Peek()))
        {
            var c = Peek();
            if (c == '#' && HexValue(Peek(1)) >= 0 && HexValue(Peek(2)) >= 0)
            {
                bytes.Add((byte)((HexValue(Peek(1)) << 4) | HexValue(Peek(2))));
                Position += 3;
            }
            else
            {
                bytes.Add((byte)c);
                Position++;
            }

            if (bytes.Count > MaxNameLength)
            {
                throw Error("name too long", start);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private string ReadRegular(int maxLength)
    {
        var builder = new StringBuilder();
        while (IsRegular(Peek()) && builder.Length < maxLength)
        {
            builder.Append((char)Peek());
            Position++;
        }

        return builder.ToString();
    }

    private object ReadNumber()
    {
        var start = Position;
        var text = ReadRegular(64);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        throw Error($"bad number '{text}'", start);
    }

    private PdfString ReadLiteralString()
    {
        var start = Position;
        Position++;
        var bytes = new List<byte>();
        var nesting = 1;
        while (true)
        {
            var c = Peek();
            Position++;
            switch (c)
            {
                case -1:
                    throw Error("unterminated string", start);
                case '(':
                    nesting++;
                    bytes.Add((byte)c);
                    break;
                case ')':
                    if (--nesting == 0)
                    {
                        return new PdfString([.. bytes], _source.Name is null ? start : -1, Position - start);
                    }

                    bytes.Add((byte)c);
                    break;
                case '\\':
                    ReadEscape(bytes);
                    break;
                default:
                    bytes.Add((byte)c);
                    break;
            }

            if (bytes.Count > MaxStringLength)
            {
                throw Error("string too long", start);
            }
        }
    }

    // ISO 32000-2 §7.3.4.2, Table 3.
    private void ReadEscape(List<byte> bytes)
    {
        var c = Peek();
        Position++;
        switch (c)
        {
            case 'n': bytes.Add(10); break;
            case 'r': bytes.Add(13); break;
            case 't': bytes.Add(9); break;
            case 'b': bytes.Add(8); break;
            case 'f': bytes.Add(12); break;
            case 13:
                if (Peek() == 10)
                {
                    Position++;
                }

                break;
            case 10:
                break;
            case >= '0' and <= '7':
                var value = c - '0';
                for (var i = 0; i < 2 && Peek() is >= '0' and <= '7'; i++)
                {
                    value = (value * 8) + (Peek() - '0');
                    Position++;
                }

                bytes.Add((byte)value);
                break;
            case -1:
                Position--;
                break;
            default:
                bytes.Add((byte)c);
                break;
        }
    }

    private PdfString ReadHexString()
    {
        var start = Position;
        Position++;
        var bytes = new List<byte>();
        var high = -1;
        while (true)
        {
            var c = Peek();
            Position++;
            if (c == '>')
            {
                if (high >= 0)
                {
                    bytes.Add((byte)(high << 4));
                }

                return new PdfString([.. bytes], _source.Name is null ? start : -1, Position - start);
            }

            if (IsWhitespace(c))
            {
                continue;
            }

            var v = HexValue(c);
            if (v < 0)
            {
                throw Error(c == -1 ? "unterminated hexadecimal string" : "bad character in hexadecimal string", Position - 1);
            }

            if (high < 0)
            {
                high = v;
            }
            else
            {
                bytes.Add((byte)((high << 4) | v));
                high = -1;
                if (bytes.Count > MaxStringLength)
                {
                    throw Error("string too long", start);
                }
            }
        }
    }

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public MalformedContentException Error(string message, long offset) =>
        new(message, offset: offset, location: _source.Name ?? "PDF");
}
