namespace MediaTrust.JsonFormula;

/// <summary>The error kinds defined by the json-formula specification (§ Errors).</summary>
public enum JsonFormulaErrorKind
{
    /// <summary>The expression does not conform to the grammar.</summary>
    SyntaxError,

    /// <summary>An unknown function, or a function called with the wrong number or kind of arguments.</summary>
    FunctionError,

    /// <summary>A coercion that the evaluation context requires is not possible.</summary>
    TypeError,

    /// <summary>An unexpected runtime condition such as division by zero, or a nesting limit reached.</summary>
    EvaluationError,
}

/// <summary>Raised when a json-formula expression cannot be compiled or evaluated.</summary>
public sealed class JsonFormulaException : Exception
{
    /// <summary>Creates an error of the given kind; <paramref name="position"/> is the character offset in the expression, or -1.</summary>
    public JsonFormulaException(JsonFormulaErrorKind kind, string message, int position = -1)
        : base(message)
    {
        Kind = kind;
        Position = position;
    }

    /// <summary>Creates an error without kind details (a <see cref="JsonFormulaErrorKind.EvaluationError"/>).</summary>
    public JsonFormulaException() : this(JsonFormulaErrorKind.EvaluationError, "json-formula evaluation failed") { }

    /// <summary>Creates an <see cref="JsonFormulaErrorKind.EvaluationError"/> with a message.</summary>
    public JsonFormulaException(string message) : this(JsonFormulaErrorKind.EvaluationError, message) { }

    /// <summary>Creates an <see cref="JsonFormulaErrorKind.EvaluationError"/> wrapping another exception.</summary>
    public JsonFormulaException(string message, Exception innerException) : base(message, innerException)
    {
        Kind = JsonFormulaErrorKind.EvaluationError;
        Position = -1;
    }

    /// <summary>The kind of error, as named by the specification.</summary>
    public JsonFormulaErrorKind Kind { get; }

    /// <summary>Zero-based character offset in the expression where a syntax error was found; -1 when not applicable.</summary>
    public int Position { get; }

    internal static JsonFormulaException Syntax(string message, int position) =>
        new(JsonFormulaErrorKind.SyntaxError, position >= 0 ? $"{message} (at position {position})" : message, position);

    internal static JsonFormulaException Function(string message) => new(JsonFormulaErrorKind.FunctionError, message);

    internal static JsonFormulaException Type(string message) => new(JsonFormulaErrorKind.TypeError, message);

    internal static JsonFormulaException Evaluation(string message) => new(JsonFormulaErrorKind.EvaluationError, message);
}
