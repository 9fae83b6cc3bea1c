using System.Globalization;
using System.Text;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// Writes PDF objects (ISO 32000-2 §7.3) as ASCII text: what an incremental update needs to write new versions of
/// dictionaries it read. Strings are written in hexadecimal form, so their bytes come back exactly whatever they
/// were; names escape every byte outside the regular printable range as <c>#xx</c> (§7.3.5).
/// </summary>
internal static class PdfObjectWriter
{
    /// <summary>Appends <paramref name="value"/>; a stream cannot be a direct object and is refused.</summary>
    public static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool flag:
                text.Append(flag ? "true" : "false");
                break;
            case long integer:
                text.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case double real:
                // §7.3.3: no exponent form; ten decimals keep any real a PDF writer produced.
                text.Append(real.ToString("0.##########", CultureInfo.InvariantCulture));
                break;
            case PdfName name:
                WriteName(text, name.Value);
                break;
            case PdfRef reference:
                text.Append(CultureInfo.InvariantCulture, $"{reference.Number} {reference.Generation} R");
                break;
            case PdfString s:
                WriteHexString(text, s.Bytes);
                break;
            case List<object?> array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(' ');
                    }

                    Write(text, array[i]);
                }

                text.Append(']');
                break;
            case PdfDictionary dictionary:
                text.Append("<<");
                var first = true;
                foreach (var (key, entry) in dictionary.Entries)
                {
                    if (entry is null)
                    {
                        continue; // a null value is the same as no entry (§7.3.7)
                    }

                    if (!first)
                    {
                        text.Append(' ');
                    }

                    first = false;
                    WriteName(text, key);
                    text.Append(' ');
                    Write(text, entry);
                }

                text.Append(">>");
                break;
            default:
                throw new InvalidOperationException($"a {value.GetType().Name} cannot be written as a direct PDF object");
        }
    }

    /// <summary>The text of <paramref name="value"/>.</summary>
    public static string ToText(object? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    public static void WriteName(StringBuilder text, string name)
    {
        if (name.Contains('\uFFFD', StringComparison.Ordinal))
        {
            // The parser decodes names as UTF-8; bytes that were not UTF-8 cannot be written back unchanged.
            throw new NotSupportedException($"the PDF name /{name} holds bytes that are not UTF-8; MediaTrust cannot write it back unchanged");
        }

        text.Append('/');
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is < 0x21 or > 0x7E or (byte)'#' || PdfParser.IsDelimiter(b))
            {
                text.Append(CultureInfo.InvariantCulture, $"#{b:X2}");
            }
            else
            {
                text.Append((char)b);
            }
        }
    }

    public static void WriteHexString(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        text.Append('<');
        text.Append(Convert.ToHexString(bytes));
        text.Append('>');
    }
}
