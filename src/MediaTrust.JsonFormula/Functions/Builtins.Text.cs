using System.Globalization;
using System.Text;
using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula.Functions;

internal static partial class Builtins
{
    private static void AddText(Action<string, FunctionImpl, Param[]> add)
    {
        add("casefold", (a, _, ctx) => Elementwise(a, x => CaseFold(Values.ToStr(x[0]), ctx.Culture)), [P(StrOrArr)]);
        add("lower", (a, _, _) => Elementwise(a, x => Values.ToStr(x[0]).ToLowerInvariant()), [P(StrOrArr)]);
        add("upper", (a, _, _) => Elementwise(a, x => Upper(Values.ToStr(x[0]), CultureInfo.InvariantCulture)), [P(StrOrArr)]);
        add("codePoint", (a, _, _) => Elementwise(a, x =>
        {
            var s = Values.ToStr(x[0]);
            return s.Length == 0 ? null : (double)(char.IsSurrogatePair(s, 0) ? char.ConvertToUtf32(s, 0) : s[0]);
        }), [P(StrOrArr)]);
        add("fromCodePoint", (a, _, _) =>
        {
            var points = Values.IsArray(a[0]) ? Values.AsList(a[0]) : [a[0]];
            var sb = new StringBuilder();
            foreach (var p in points)
            {
                var cp = ToInteger(p);
                if (double.IsNaN(cp) || cp < 0 || cp > 0x10FFFF ) throw JsonFormulaException.Evaluation($"Invalid code point: \"{Values.ToStr(p)}\"");
                if (cp is >= 0xD800 and <= 0xDFFF) sb.Append((char)cp);
                else sb.Append(char.ConvertFromUtf32((int)cp));
            }
            return sb.ToString();
        }, [P(NumOrArr)]);
        add("endsWith", (a, _, _) => Elementwise(a, x => Values.Bool(EndsWithCodePoints(Values.ToStr(x[0]), Values.ToStr(x[1])))), [P(StrOrArr), P(StrOrArr)]);
        add("startsWith", (a, _, _) => Elementwise(a, x => Values.Bool(StartsWithCodePoints(Values.ToStr(x[0]), Values.ToStr(x[1])))), [P(StrOrArr), P(StrOrArr)]);
        add("find", (a, _, _) => Elementwise(a.Length < 3 ? [a[0], a[1], Values.Zero] : a, x => Find(Values.ToStr(x[0]), Values.ToStr(x[1]), ToInt(x[2]))), [P(StrOrArr), P(StrOrArr), Opt(NumOrArr)]);
        add("proper", (a, _, _) => Elementwise(a, x => Proper(Values.ToStr(x[0]))), [P(StrOrArr)]);
        add("rept", (a, _, _) => Elementwise(a, x =>
        {
            var count = ToInt(x[1]);
            if (count < 0) throw JsonFormulaException.Evaluation("rept() count must be greater than or equal to 0");
            var text = Values.ToStr(x[0]);
            Guard.Allocating(4L * text.Length * count); // the builder, then the string
            return new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
        }), [P(StrOrArr), P(NumOrArr)]);
        add("search", (a, _, _) => Elementwise(a.Length < 3 ? [a[0], a[1], Values.Zero] : a, x => Search(Values.ToStr(x[0]), Values.ToStr(x[1]), ToInt(x[2]))), [P(StrOrArr), P(StrOrArr), Opt(NumOrArr)]);
        add("split", (a, _, _) => Elementwise(a, x =>
        {
            var s = Values.ToStr(x[0]);
            var sep = Values.ToStr(x[1]);
            var parts = sep.Length == 0 ? CodePoints(s) : [.. s.Split(sep)];
            return parts.ConvertAll(p => (object?)p);
        }), [P(StrOrArr), P(StrOrArr)]);
        add("substitute", Substitute, [P(StrOrArr), P(StrOrArr), P(StrOrArr), Opt(NumOrArr)]);
        add("trim", (a, _, _) => Elementwise(a, x => string.Join(' ', Values.ToStr(x[0]).Split(' ', StringSplitOptions.RemoveEmptyEntries))), [P(StrOrArr)]);
        add("left", (a, _, _) =>
        {
            var n = a.Length > 1 ? ToInt(a[1]) : 1;
            if (n < 0) throw JsonFormulaException.Evaluation("left() requires a non-negative number of elements");
            if (Values.IsArray(a[0])) return Values.AsList(a[0]).Take(n).ToList();
            return string.Concat(CodePoints(Values.ToStr(a[0])).Take(n));
        }, [P([JfType.String, JfType.Array]), Opt(Num)]);
        add("right", (a, _, _) =>
        {
            var n = a.Length > 1 ? ToInt(a[1]) : 1;
            if (n < 0) throw JsonFormulaException.Evaluation("right() count must be greater than or equal to 0");
            if (Values.IsArray(a[0]))
            {
                var list = Values.AsList(a[0]);
                return list.Skip(Math.Max(0, list.Count - n)).ToList();
            }
            var cps = CodePoints(Values.ToStr(a[0]));
            return string.Concat(cps.Skip(Math.Max(0, cps.Count - n)));
        }, [P([JfType.String, JfType.Array]), Opt(Num)]);
        add("mid", (a, _, _) =>
        {
            var start = ToInt(a[1]);
            var n = ToInt(a[2]);
            if (start < 0) throw JsonFormulaException.Evaluation("mid() requires a non-negative start position");
            if (n < 0) throw JsonFormulaException.Evaluation("mid() requires a non-negative length parameter");
            if (Values.IsArray(a[0])) return Values.AsList(a[0]).Skip(start).Take(n).ToList();
            return string.Concat(CodePoints(Values.ToStr(a[0])).Skip(start).Take(n));
        }, [P([JfType.String, JfType.Array]), P(Num), P(Num)]);
        add("replace", Replace, [P([JfType.String, JfType.Array]), P(Num), P(Num), P(AnyT)]);
        add("reverse", (a, _, _) =>
        {
            if (a[0] is string s)
            {
                var cps = CodePoints(s);
                cps.Reverse();
                return string.Concat(cps);
            }
            var list = new List<object?>(Values.AsList(a[0]));
            list.Reverse();
            return list;
        }, [P([JfType.String, JfType.Array])]);
        add("join", (a, _, _) =>
        {
            var sep = (string)a[1]!;
            var parts = Values.AsList(a[0]).ConvertAll(v => v is string s ? s : Values.ToJson(v));
            var length = (long)sep.Length * Math.Max(parts.Count - 1, 0);
            foreach (var part in parts) length += part.Length;
            Guard.Allocating(2 * length);
            return string.Join(sep, parts);
        }, [P(Arr), P(Str)]);
        add("length", (a, _, _) => a[0] switch
        {
            _ when Values.IsObject(a[0]) => (double)Values.PropertyCount(a[0]),
            _ when Values.IsArray(a[0]) => (double)Values.ArrayCount(a[0]),
            _ => (double)CodePointCount(Values.ToStr(a[0])),
        }, [P([JfType.String, JfType.Array, JfType.Object])]);
        add("toString", (a, _, _) => a[0] is string s ? s : Values.ToJson(a[0], a.Length > 1 ? ToInt(a[1]) : 0), [P(AnyT), Opt(Num)]);
    }

    /// <summary>
    /// The code points of a string, each as a string (JavaScript Array.from). About 32 bytes per character (a string and
    /// a list slot each), asked of the evaluation's memory budget first.
    /// </summary>
    private static List<string> CodePoints(string s)
    {
        Guard.Allocating(32L * s.Length);
        var list = new List<string>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                list.Add(s[i].ToString());
            }
        }
        return list;
    }

    /// <summary>How many code points <c>CodePoints</c> would give, without making them (a lone surrogate counts one).</summary>
    private static int CodePointCount(string s)
    {
        var count = s.Length;
        for (var i = 0; i + 1 < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]))
            {
                count--;
                i++;
            }
        }
        return count;
    }

    // Text matching by code points, as JavaScript's Array.from sees text, so half a surrogate pair never matches a whole
    // one: an ordinal match of the UTF-16 text counts only when it starts and ends between code points. Equivalent to
    // comparing code-point lists, without building them.
    internal static bool StartsWithCodePoints(string text, string part) =>
        text.StartsWith(part, StringComparison.Ordinal) && IsCodePointBoundary(text, part.Length);

    internal static bool EndsWithCodePoints(string text, string part) =>
        text.EndsWith(part, StringComparison.Ordinal) && IsCodePointBoundary(text, text.Length - part.Length);

    internal static bool ContainsCodePoints(string text, string part)
    {
        if (part.Length == 0) return true;
        var last = text.Length - part.Length;
        for (var i = 0; i <= last; i++)
        {
            var next = text.AsSpan(i, last - i + 1).IndexOf(part[0]);
            if (next < 0) return false;
            i += next;

            // Each candidate compares up to the whole part (vectorised, about 16 characters a step): a text of repeated
            // characters cannot make the search quadratic without running into the step budget.
            Guard.Steps(1 + (part.Length / 16));
            if (text.AsSpan(i, part.Length).SequenceEqual(part) && IsCodePointBoundary(text, i) && IsCodePointBoundary(text, i + part.Length)) return true;
        }
        return false;
    }

    private static bool IsCodePointBoundary(string text, int index) =>
        index <= 0 || index >= text.Length || !(char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]));

    // Full upper-case mapping: .NET maps ß to itself, JavaScript (and Unicode SpecialCasing) to SS.
    private static string Upper(string s, CultureInfo culture) => culture.TextInfo.ToUpper(s.Replace("ß", "SS", StringComparison.Ordinal));

    // casefold(): upper then lower in the host locale (spec § Specify locale).
    private static string CaseFold(string s, CultureInfo culture) => culture.TextInfo.ToLower(Upper(s, culture));

    private static object? Find(string query, string text, int offset)
    {
        if (offset < 0) throw JsonFormulaException.Evaluation("find() start position must be >= 0");
        var q = CodePoints(query);
        var t = CodePoints(text);
        if (q.Count == 0) return offset > t.Count ? null : (double)offset;
        for (var i = offset; i + q.Count <= t.Count; i++)
        {
            Guard.Steps(q.Count + 1);
            var match = true;
            for (var j = 0; j < q.Count && match; j++) match = t[i + j] == q[j];
            if (match) return (double)i;
        }
        return null;
    }

    private static string Proper(string s)
    {
        var sb = new StringBuilder(s.Length);
        var atWordStart = true;
        foreach (var cp in CodePoints(s))
        {
            var r = Rune.GetRuneAt(cp, 0);
            var cat = Rune.GetUnicodeCategory(r);
            var separator = Rune.IsWhiteSpace(r) || Rune.IsDigit(r) || cat is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
                or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
            if (separator)
            {
                sb.Append(cp);
                atWordStart = true;
            }
            else
            {
                sb.Append(atWordStart ? Upper(cp, CultureInfo.InvariantCulture) : cp.ToLowerInvariant());
                atWordStart = false;
            }
        }
        return sb.ToString();
    }

    // search(glob, text, start): '*' any run, '?' one code point, '\' escapes; returns [offset, match] or [].
    private static object Search(string pattern, string text, int start)
    {
        if (start < 0) throw JsonFormulaException.Function("search() startPos must be greater than or equal to 0");
        var glob = new List<(bool Star, bool Any, string Ch)>();
        var escape = false;
        foreach (var c in CodePoints(pattern))
        {
            if (escape) { glob.Add((false, false, c)); escape = false; }
            else if (c == "\\") escape = true;
            else if (c == "?") glob.Add((false, true, c));
            else if (c == "*") { if (glob.Count == 0 || !glob[^1].Star) glob.Add((true, false, c)); }
            else glob.Add((false, false, c));
        }
        var within = CodePoints(text);
        if (within.Count == 0) return new List<object?>();
        for (var i = start; i < within.Count; i++)
        {
            var m = MatchGlob(within, i, glob, 0, new StringBuilder());
            if (m is not null) return new List<object?> { (double)i, m };
        }
        return new List<object?>();
    }

    private static string? MatchGlob(List<string> text, int pos, List<(bool Star, bool Any, string Ch)> glob, int g, StringBuilder match)
    {
        while (true)
        {
            Guard.Step();
            if (g >= glob.Count) return match.ToString();
            if (pos >= text.Count) return null;
            var item = glob[g];
            var isStar = item.Star;
            if (isStar)
            {
                if (g == glob.Count - 1) return match.ToString();
                item = glob[g + 1];
            }
            var c = text[pos];
            if (item.Any || c == item.Ch)
            {
                match.Append(c);
                pos++;
                g += isStar ? 2 : 1;
                continue;
            }
            if (isStar)
            {
                match.Append(c);
                pos++;
                continue;
            }
            return null;
        }
    }

    private static object? Substitute(object?[] args, object? current, EvalContext ctx)
    {
        var a = (object?[])args.Clone();
        if (a.Length > 3)
        {
            if (Values.IsArray(a[3]))
            {
                // Nested arrays pass through to the element-wise step (spec § Array Parameters).
                var list = Values.AsList(a[3]).ConvertAll(v => Values.IsArray(v) ? v : (object?)ToInteger(v));
                if (list.Any(v => v is double d && d < 0)) throw JsonFormulaException.Evaluation("substitute() which parameter must be greater than or equal to 0");
                a[3] = list;
            }
            else
            {
                var n = ToInteger(a[3]);
                if (n < 0) throw JsonFormulaException.Evaluation("substitute() which parameter must be greater than or equal to 0");
                a[3] = n;
            }
        }
        return Elementwise(a, x =>
        {
            var src = CodePoints(Values.ToStr(x[0]));
            var old = CodePoints(Values.ToStr(x[1]));
            var replacement = Values.ToStr(x[2]);
            if (old.Count == 0) return Values.ToStr(x[0]);
            var which = x.Length > 3 && x[3] is not null ? (int)Values.ToNumber(x[3]) + 1 : 0;
            var found = 0;
            var sb = new StringBuilder();
            for (var j = 0; j < src.Count;)
            {
                Guard.Steps(old.Count + 1);
                var match = j + old.Count <= src.Count;
                for (var i = 0; match && i < old.Count; i++) match = src[j + i] == old[i];
                if (match) found++;
                if (match && (which == 0 || found == which))
                {
                    Guard.Allocating(2L * replacement.Length);
                    sb.Append(replacement);
                    j += old.Count;
                }
                else
                {
                    sb.Append(src[j]);
                    j++;
                }
            }
            Guard.Allocating(2L * sb.Length);
            return sb.ToString();
        });
    }

    private static object? Replace(object?[] a, object? current, EvalContext ctx)
    {
        var start = ToInt(a[1]);
        var n = ToInt(a[2]);
        if (start < 0) throw JsonFormulaException.Evaluation("replace() start position must be greater than or equal to 0");
        if (n < 0) throw JsonFormulaException.Evaluation("replace() length must be greater than or equal to 0");
        if (Values.IsArray(a[0]))
        {
            var list = new List<object?>(Values.AsList(a[0]));
            var replacement = Values.IsArray(a[3]) ? Values.AsList(a[3]) : [a[3]];
            var s = Math.Min(start, list.Count);
            list.RemoveRange(s, Math.Min(n, list.Count - s));
            list.InsertRange(s, replacement);
            return list;
        }
        if (Values.IsArray(a[3]) || Values.IsObject(a[3])) throw JsonFormulaException.Type("replace() replacement must not be an array or object");
        var text = CodePoints(Values.ToStr(a[0]));
        var st = Math.Min(start, text.Count);
        text.RemoveRange(st, Math.Min(n, text.Count - st));
        text.Insert(st, Values.ToStr(a[3]));
        return string.Concat(text);
    }
}
