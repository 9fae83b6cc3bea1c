using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula.Syntax;

/// <summary>Splits an expression into tokens (spec § Literals, § Identifiers, § Operators).</summary>
internal static class Lexer
{
    private static readonly JsonDocumentOptions LiteralOptions = new() { MaxDepth = 128 };

    public static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var prev = tokens.Count > 0 ? tokens[^1].Type : (TokenType?)null;
            var start = i;
            if (IsIdentifierStart(c))
            {
                i++;
                while (i < s.Length && (IsAlphaNum(s[i]) || s[i] == '$')) i++;
                tokens.Add(new Token(TokenType.Identifier, start, s[start..i]) { MayBeGlobal = c == '$' && prev != TokenType.Dot });
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                tokens.Add(ReadNumber(s, ref i));
            }
            else
            {
                switch (c)
                {
                    case '.': tokens.Add(new Token(TokenType.Dot, i++)); break;
                    case ',': tokens.Add(new Token(TokenType.Comma, i++)); break;
                    case ':': tokens.Add(new Token(TokenType.Colon, i++)); break;
                    case '{': tokens.Add(new Token(TokenType.LBrace, i++)); break;
                    case '}': tokens.Add(new Token(TokenType.RBrace, i++)); break;
                    case ']': tokens.Add(new Token(TokenType.RBracket, i++)); break;
                    case '(': tokens.Add(new Token(TokenType.LParen, i++)); break;
                    case ')': tokens.Add(new Token(TokenType.RParen, i++)); break;
                    case '@': tokens.Add(new Token(TokenType.Current, i++)); break;
                    case '~': tokens.Add(new Token(TokenType.Union, i++)); break;
                    case '+': tokens.Add(new Token(TokenType.Add, i++)); break;
                    case '*': tokens.Add(new Token(TokenType.Star, i++)); break;
                    case '/': tokens.Add(new Token(TokenType.Divide, i++)); break;
                    case ' ' or '\t' or '\n': i++; break;
                    case '-':
                        // A minus is unary unless it follows something that ends an operand.
                        i++;
                        tokens.Add(new Token(prev is TokenType.Current or TokenType.Number or TokenType.Int or TokenType.RParen
                            or TokenType.Identifier or TokenType.QuotedIdentifier or TokenType.RBracket or TokenType.Json
                            or TokenType.String ? TokenType.Subtract : TokenType.UnaryMinus, start));
                        break;
                    case '[':
                        i++;
                        if (i < s.Length && s[i] == '?') { i++; tokens.Add(new Token(TokenType.Filter, start)); }
                        else if (i < s.Length && s[i] == ']') { i++; tokens.Add(new Token(TokenType.Flatten, start)); }
                        else tokens.Add(new Token(TokenType.LBracket, start));
                        break;
                    case '\'':
                        tokens.Add(new Token(TokenType.QuotedIdentifier, start, ReadQuoted(s, ref i, '\'')));
                        break;
                    case '"':
                        tokens.Add(new Token(TokenType.String, start, ReadQuoted(s, ref i, '"')));
                        break;
                    case '`':
                        tokens.Add(ReadJson(s, ref i));
                        break;
                    case '&':
                        i++;
                        if (i < s.Length && s[i] == '&') { i++; tokens.Add(new Token(TokenType.And, start)); }
                        else if (prev is TokenType.Comma or TokenType.LParen) tokens.Add(new Token(TokenType.ExpRef, start));
                        else tokens.Add(new Token(TokenType.Concatenate, start));
                        break;
                    case '|':
                        i++;
                        if (i < s.Length && s[i] == '|') { i++; tokens.Add(new Token(TokenType.Or, start)); }
                        else tokens.Add(new Token(TokenType.Pipe, start));
                        break;
                    case '!':
                        i++;
                        if (i < s.Length && s[i] == '=') { i++; tokens.Add(new Token(TokenType.Comparator, start, "!=")); }
                        else tokens.Add(new Token(TokenType.Not, start));
                        break;
                    case '<':
                        i++;
                        if (i < s.Length && s[i] == '=') { i++; tokens.Add(new Token(TokenType.Comparator, start, "<=")); }
                        else if (i < s.Length && s[i] == '>') { i++; tokens.Add(new Token(TokenType.Comparator, start, "!=")); }
                        else tokens.Add(new Token(TokenType.Comparator, start, "<"));
                        break;
                    case '>':
                        i++;
                        if (i < s.Length && s[i] == '=') { i++; tokens.Add(new Token(TokenType.Comparator, start, ">=")); }
                        else tokens.Add(new Token(TokenType.Comparator, start, ">"));
                        break;
                    case '=':
                        i++;
                        if (i < s.Length && s[i] == '=') i++;
                        tokens.Add(new Token(TokenType.Comparator, start, "=="));
                        break;
                    default:
                        throw JsonFormulaException.Syntax($"Unknown character '{c}'", i);
                }
            }
        }
        tokens.Add(new Token(TokenType.Eof, s.Length));
        return tokens;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$';

    private static bool IsAlphaNum(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // REAL_OR_EXPONENT_NUMBER | INT (spec § Number literals): leading zeros and a missing leading zero are allowed.
    private static Token ReadNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        var real = false;
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            real = true;
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-') j++;
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
                i = j;
                real = true;
            }
        }
        var value = double.Parse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Token(real ? TokenType.Number : TokenType.Int, start, Number: value);
    }

    /// <summary>Reads a "string" or 'quoted identifier' with JSON escapes (spec § String Literals, § Identifiers).</summary>
    private static string ReadQuoted(string s, ref int i, char quote)
    {
        var start = i;
        i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= s.Length) throw JsonFormulaException.Syntax($"Unterminated {(quote == '"' ? "string literal" : "quoted identifier")}", start);
            var c = s[i];
            if (c == quote) { i++; break; }
            if (c < 0x20) throw JsonFormulaException.Syntax("Control character in string literal", i);
            if (c != '\\') { sb.Append(c); i++; continue; }
            if (i + 1 >= s.Length) throw JsonFormulaException.Syntax("Unterminated escape sequence", i);
            var e = s[i + 1];
            i += 2;
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case '\'' when quote == '\'': sb.Append('\''); break;
                case 'u':
                    if (i + 4 > s.Length || !ushort.TryParse(s.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw JsonFormulaException.Syntax("Invalid \\u escape", i - 2);
                    }
                    sb.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw JsonFormulaException.Syntax($"Invalid escape sequence \\{e}", i - 2);
            }
        }
        return sb.ToString();
    }

    /// <summary>Reads a `JSON literal`; an escaped backtick stands for a backtick (spec § JSON Literals).</summary>
    private static Token ReadJson(string s, ref int i)
    {
        var start = i;
        i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= s.Length) throw JsonFormulaException.Syntax("Unterminated JSON literal", start);
            var c = s[i];
            if (c == '`') { i++; break; }
            if (c == '\\' && i + 1 < s.Length && s[i + 1] == '`') { sb.Append('`'); i += 2; continue; }
            sb.Append(c);
            i++;
        }
        var text = sb.ToString();
        try
        {
            var node = JsonNode.Parse(text, documentOptions: LiteralOptions);
            return new Token(TokenType.Json, start, Literal: Values.FromNodeDeep(node));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            throw JsonFormulaException.Syntax($"Invalid JSON literal `{text}`: {ex.Message}", start);
        }
    }
}
