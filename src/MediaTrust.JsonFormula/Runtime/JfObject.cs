namespace MediaTrust.JsonFormula.Runtime;

/// <summary>An object built during evaluation; keeps insertion order like JavaScript objects.</summary>
internal sealed class JfObject : OrderedDictionary<string, object?>
{
    public JfObject() : base(StringComparer.Ordinal) { }

    public JfObject(int capacity) : base(capacity, StringComparer.Ordinal) { }
}

/// <summary>An expression reference (<c>&amp;expr</c>): a node not yet evaluated, with its source text.</summary>
internal sealed class ExpressionReference(Node node, string source)
{
    public Node Node { get; } = node;

    public string Source { get; } = source;
}

/// <summary>The data types of json-formula values (spec § Data Types), plus the refinements used to match function signatures.</summary>
internal enum JfType
{
    Number,
    Any,
    String,
    Array,
    Object,
    Boolean,
    Expression,
    Null,
    ArrayNumber,
    ArrayString,
    ArrayArray,
    EmptyArray,
}
