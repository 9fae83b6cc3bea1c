using MediaTrust.JsonFormula.Runtime;

namespace MediaTrust.JsonFormula.Syntax;

/// <summary>
/// A Pratt parser for the json-formula grammar (spec § Grammar). Binding powers follow § Operator Precedence,
/// weakest first: pipe, or, and, comparison, concatenate, add/subtract/union, multiply/divide, not/unary minus,
/// flatten, star, filter, dot, brace, bracket, paren.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private readonly string _source;
    private readonly int _maxDepth;
    private readonly IReadOnlyDictionary<string, FunctionDef> _builtins;
    private int _index;
    private int _recursion;

    private Parser(string source, int maxDepth, IReadOnlyDictionary<string, FunctionDef> builtins)
    {
        _source = source;
        _tokens = Lexer.Tokenize(source);
        _maxDepth = maxDepth;
        _builtins = builtins;
    }

    public static Node Parse(string source, int maxDepth, IReadOnlyDictionary<string, FunctionDef> builtins)
    {
        var parser = new Parser(source, maxDepth, builtins);
        var ast = parser.Expression(0);
        var next = parser.Peek();
        if (next.Type != TokenType.Eof) throw JsonFormulaException.Syntax($"Unexpected token {Describe(next)}", next.Start);
        return ast;
    }

    private static int BindingPower(TokenType t) => t switch
    {
        TokenType.Pipe => 1,
        TokenType.Or => 2,
        TokenType.And => 3,
        TokenType.Comparator => 4,
        TokenType.Concatenate => 5,
        TokenType.Add or TokenType.Subtract or TokenType.Union => 6,
        TokenType.Multiply or TokenType.Divide => 7,
        TokenType.Not or TokenType.UnaryMinus => 8,
        TokenType.Flatten => 10,
        TokenType.Star => 20,
        TokenType.Filter => 21,
        TokenType.Dot => 40,
        TokenType.LBrace => 50,
        TokenType.LBracket => 55,
        TokenType.LParen => 60,
        _ => 0,
    };

    private const int StarPower = 20;
    private const int FilterPower = 21;
    private const int DotPower = 40;
    private const int FlattenPower = 10;

    private Token Peek(int n = 0) => _tokens[Math.Min(_index + n, _tokens.Count - 1)];

    // In operator position a '*' multiplies; only in operand position is it a wildcard.
    private Token PeekOperator()
    {
        var t = Peek();
        return t.Type == TokenType.Star ? t with { Type = TokenType.Multiply } : t;
    }

    private static string Describe(Token t) => t.Type switch
    {
        TokenType.Eof => "end of expression",
        TokenType.Identifier or TokenType.QuotedIdentifier or TokenType.String => $"{t.Type} '{t.Text}'",
        TokenType.Comparator => $"'{t.Text}'",
        _ => t.Type.ToString(),
    };

    private Token Match(TokenType type)
    {
        var t = Peek();
        if (t.Type != type) throw JsonFormulaException.Syntax($"Expected {type} but found {Describe(t)}", t.Start);
        _index++;
        return t;
    }

    private T Make<T>(T node) where T : Node
    {
        if (node.Depth > _maxDepth) throw JsonFormulaException.Syntax($"Expression nests deeper than {_maxDepth} levels", Peek().Start);
        return node;
    }

    private Node Expression(int rbp)
    {
        if (++_recursion > _maxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw JsonFormulaException.Syntax($"Expression nests deeper than {_maxDepth} levels", Peek().Start);
        }
        var token = Peek();
        _index++;
        var left = Nud(token);
        var current = PeekOperator();
        while (rbp < BindingPower(current.Type))
        {
            _index++;
            left = Led(current, left);
            current = PeekOperator();
        }
        _recursion--;
        return left;
    }

    private Node Nud(Token token)
    {
        switch (token.Type)
        {
            case TokenType.String:
                return new LiteralNode(token.Text);
            case TokenType.Json:
                return new LiteralNode(token.Literal);
            case TokenType.Number or TokenType.Int:
                return new LiteralNode(token.Number);
            case TokenType.Identifier:
                return token.MayBeGlobal ? new GlobalOrFieldNode(token.Text!) : new FieldNode(token.Text!, quoted: false);
            case TokenType.QuotedIdentifier:
                return new FieldNode(token.Text!, quoted: true);
            case TokenType.Not:
                return Make(new NotNode(Expression(BindingPower(TokenType.Not))));
            case TokenType.UnaryMinus:
                return Make(new NegateNode(Expression(BindingPower(TokenType.UnaryMinus))));
            case TokenType.Star:
            {
                var right = Peek().Type == TokenType.RBracket ? IdentityNode.Instance : ProjectionRhs(StarPower);
                return Make(new ValueProjectionNode(IdentityNode.Instance, right));
            }
            case TokenType.Filter:
                return Led(token, IdentityNode.Instance);
            case TokenType.LBrace:
                return ObjectExpression();
            case TokenType.Flatten:
                return Make(new ProjectionNode(new FlattenNode(IdentityNode.Instance), ProjectionRhs(FlattenPower)));
            case TokenType.LBracket:
                if (LooksLikeIndex()) return IndexOrSlice(IdentityNode.Instance);
                if (Peek().Type == TokenType.Star && Peek(1).Type == TokenType.RBracket)
                {
                    _index += 2;
                    return Make(new ProjectionNode(IdentityNode.Instance, ProjectionRhs(StarPower)));
                }
                return ArrayExpression();
            case TokenType.Current:
                return CurrentNode.Instance;
            case TokenType.ExpRef:
            {
                var start = Peek().Start;
                var body = Expression(0);
                var end = Peek().Start;
                return Make(new ExpRefNode(body, _source[start..end].Trim()));
            }
            case TokenType.LParen:
            {
                var inner = Expression(0);
                Match(TokenType.RParen);
                return inner;
            }
            default:
                throw JsonFormulaException.Syntax($"Unexpected token {Describe(token)}", token.Start);
        }
    }

    private Node Led(Token token, Node left)
    {
        switch (token.Type)
        {
            case TokenType.Concatenate:
                return Make(new ConcatenateNode(left, Expression(5)));
            case TokenType.Dot:
                if (Peek().Type != TokenType.Star) return Make(new ChainNode(left, DotRhs(DotPower)));
                _index++;
                return Make(new ValueProjectionNode(left, ProjectionRhs(DotPower)));
            case TokenType.Pipe:
                return Make(new PipeNode(left, Expression(1)));
            case TokenType.Or:
                return Make(new OrNode(left, Expression(2)));
            case TokenType.And:
                return Make(new AndNode(left, Expression(3)));
            case TokenType.Add:
                return Make(new ArithmeticNode('+', left, Expression(6)));
            case TokenType.Subtract:
                return Make(new ArithmeticNode('-', left, Expression(6)));
            case TokenType.Multiply:
                return Make(new ArithmeticNode('*', left, Expression(7)));
            case TokenType.Divide:
                return Make(new ArithmeticNode('/', left, Expression(7)));
            case TokenType.Union:
                return Make(new UnionNode(left, Expression(6)));
            case TokenType.LParen:
            {
                var name = left switch
                {
                    FieldNode { Quoted: false } f => f.Name,
                    GlobalOrFieldNode g => g.Name,
                    _ => throw JsonFormulaException.Syntax("A function name must be an unquoted identifier", token.Start),
                };
                var args = new List<Node>();
                var first = true;
                while (Peek().Type != TokenType.RParen)
                {
                    if (!first) Match(TokenType.Comma);
                    args.Add(Expression(0));
                    first = false;
                }
                Match(TokenType.RParen);
                _builtins.TryGetValue(name, out var builtin);
                return Make(new FunctionNode(name, [.. args], builtin));
            }
            case TokenType.Filter:
            {
                var condition = Expression(0);
                Match(TokenType.RBracket);
                return Make(new FilterProjectionNode(left, ProjectionRhs(FilterPower), condition));
            }
            case TokenType.Flatten:
                return Make(new ProjectionNode(new FlattenNode(left), ProjectionRhs(FlattenPower)));
            case TokenType.Comparator:
                return Make(new CompareNode(token.Text!, left, Expression(4)));
            case TokenType.LBracket:
                if (Peek().Type == TokenType.Star && Peek(1).Type == TokenType.RBracket)
                {
                    _index += 2;
                    return Make(new ProjectionNode(left, ProjectionRhs(StarPower)));
                }
                return IndexOrSlice(left);
            default:
                throw JsonFormulaException.Syntax($"Unexpected token {Describe(token)}", token.Start);
        }
    }

    // '[' followed by an optional minus, an integer, and ']' or ':' is an index or slice, never a multiselect list.
    private bool LooksLikeIndex()
    {
        var i = 0;
        if (Peek(i).Type == TokenType.UnaryMinus) i++;
        if (Peek(i).Type == TokenType.Int) i++;
        return Peek(i).Type is TokenType.RBracket or TokenType.Colon;
    }

    private int SignedInt()
    {
        var t = Peek();
        var negative = false;
        if (t.Type == TokenType.UnaryMinus)
        {
            negative = true;
            _index++;
            t = Peek();
        }
        if (t.Type != TokenType.Int) throw JsonFormulaException.Syntax($"Expected an integer but found {Describe(t)}", t.Start);
        _index++;
        var v = Math.Clamp(t.Number, int.MinValue + 1, int.MaxValue);
        return negative ? -(int)v : (int)v;
    }

    private Node IndexOrSlice(Node left)
    {
        if (Peek().Type != TokenType.Colon)
        {
            var saved = _index;
            var index = SignedInt();
            if (Peek().Type != TokenType.Colon)
            {
                Match(TokenType.RBracket);
                return Make(new IndexNode(left, index));
            }
            _index = saved;
        }
        var parts = new int?[3];
        var part = 0;
        while (Peek().Type != TokenType.RBracket && part < 3)
        {
            if (Peek().Type == TokenType.Colon && part < 2)
            {
                part++;
                _index++;
            }
            else
            {
                parts[part] = SignedInt();
                var t = Peek();
                if (t.Type is not TokenType.Colon and not TokenType.RBracket) throw JsonFormulaException.Syntax($"Unexpected token {Describe(t)} in slice", t.Start);
            }
        }
        Match(TokenType.RBracket);
        var slice = Make(new SliceNode(left, parts[0], parts[1], parts[2]));
        return Make(new ProjectionNode(slice, ProjectionRhs(StarPower)));
    }

    private Node DotRhs(int rbp)
    {
        var t = Peek();
        switch (t.Type)
        {
            case TokenType.Identifier or TokenType.QuotedIdentifier or TokenType.Star:
                return Expression(rbp);
            case TokenType.LBracket:
                _index++;
                return ArrayExpression();
            case TokenType.LBrace:
                _index++;
                return ObjectExpression();
            default:
                throw JsonFormulaException.Syntax($"Expected '*', '[', '{{' or a name after '.', found {Describe(t)}", t.Start);
        }
    }

    private Node ProjectionRhs(int rbp)
    {
        var next = PeekOperator();
        var power = BindingPower(next.Type);
        if (power <= FlattenPower && next.Type is not TokenType.Colon and not TokenType.String and not TokenType.Json)
        {
            return IdentityNode.Instance;
        }
        switch (next.Type)
        {
            case TokenType.LBracket or TokenType.Filter:
                return Expression(rbp);
            case TokenType.Dot:
                _index++;
                return DotRhs(rbp);
            default:
                throw JsonFormulaException.Syntax($"Unexpected token {Describe(next)} after a projection", next.Start);
        }
    }

    private Node ArrayExpression()
    {
        var items = new List<Node>();
        while (Peek().Type != TokenType.RBracket)
        {
            items.Add(Expression(0));
            if (Peek().Type == TokenType.Comma)
            {
                _index++;
                if (Peek().Type == TokenType.RBracket) throw JsonFormulaException.Syntax("Unexpected ']' after ','", Peek().Start);
            }
            else if (Peek().Type != TokenType.RBracket)
            {
                throw JsonFormulaException.Syntax($"Expected ',' or ']' but found {Describe(Peek())}", Peek().Start);
            }
        }
        Match(TokenType.RBracket);
        return Make(new ArrayNode([.. items]));
    }

    private Node ObjectExpression()
    {
        if (Peek().Type == TokenType.RBrace) throw JsonFormulaException.Syntax("An empty object expression is not allowed; use the JSON literal `{}`", Peek().Start);
        var keys = new List<string>();
        var values = new List<Node>();
        while (true)
        {
            var key = Peek();
            if (key.Type is not TokenType.Identifier and not TokenType.QuotedIdentifier)
            {
                throw JsonFormulaException.Syntax($"Expected an identifier as object key but found {Describe(key)}", key.Start);
            }
            _index++;
            Match(TokenType.Colon);
            keys.Add(key.Text!);
            values.Add(Expression(0));
            if (Peek().Type == TokenType.Comma)
            {
                _index++;
            }
            else
            {
                Match(TokenType.RBrace);
                break;
            }
        }
        return Make(new ObjectNode([.. keys], [.. values]));
    }
}
