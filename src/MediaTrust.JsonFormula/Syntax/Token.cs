namespace MediaTrust.JsonFormula.Syntax;

internal enum TokenType
{
    Eof,
    Identifier,
    QuotedIdentifier,
    RBracket,
    RParen,
    Comma,
    Colon,
    Concatenate,
    RBrace,
    Number,
    Int,
    Current,
    ExpRef,
    Pipe,
    Or,
    And,
    Add,
    Subtract,
    UnaryMinus,
    Multiply,
    Divide,
    Union,
    Comparator,
    Flatten,
    Star,
    Filter,
    Dot,
    Not,
    LBrace,
    LBracket,
    LParen,
    Json,
    String,
}

/// <summary>A lexical token; <see cref="Text"/> holds names, string values and comparator spellings.</summary>
internal record struct Token(TokenType Type, int Start, string? Text = null, double Number = 0, object? Literal = null)
{
    /// <summary>For identifiers starting with <c>$</c>: true unless after a dot, so the name may resolve to a host global.</summary>
    public bool MayBeGlobal { get; init; }
}
