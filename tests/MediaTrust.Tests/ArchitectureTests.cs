using System.Reflection;
using System.Reflection.Emit;

namespace MediaTrust;

/// <summary>
/// Holds the layering of docs/architecture.md: a namespace of <c>src/MediaTrust</c> uses only its own
/// layer and the layers below it. References are read from signatures and from method bodies (IL), so a
/// type used only inside a body counts; compiler-generated types (lambdas, state machines) count for the
/// type that declares them. Constants are inlined by the compiler and cannot be seen here.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// The layers, lowest first (namespace suffixes after <c>MediaTrust.</c>; "" is the root facade). Namespaces in
    /// one row may use each other. Cose is below Pki: the COSE alg registry and Sig_structure know no certificate,
    /// while Pki's verifier and signers name COSE algorithms. Signing is on top: the claim generator reads and validates
    /// ingredients and the manifest it updates through the <c>Reader</c> facade (spec 2.2 §18.15.4), as any user does,
    /// and nothing below it signs.
    /// </summary>
    private static readonly string[][] Layers =
    [
        ["Spec"], ["IO"], ["Cbor"], ["Jumbf"], ["Cose"], ["Pki"], ["Formats"], ["Manifests", "Assertions"], ["Bindings"], ["SoftBinding"],
        ["Validation"], ["Json"], [""], ["Signing"],
    ];

    /// <summary>Edges allowed for now, each with its reason; empty when the table holds everywhere.</summary>
    private static readonly Dictionary<(string, string), string> Pending = [];

    /// <summary>Sub-namespaces of Formats that other layers may use: what every format shares, not one container format.</summary>
    private static readonly string[] SharedFormats = ["MediaTrust.Formats", "MediaTrust.Formats.Common", "MediaTrust.Formats.Xmp", "MediaTrust.Formats.Remote"];

    /// <summary>The c2pa.hash.bmff binding is defined over ISO BMFF boxes (spec 2.2 §18.6): its reader and writer use Formats.Bmff.</summary>
    private static bool IsBmffBinding(Type type) =>
        type.Namespace is "MediaTrust.Bindings" or "MediaTrust.Signing" && (type.Name.StartsWith("Bmff", StringComparison.Ordinal) || type.Name == "MerkleProof");

    private static readonly Lazy<List<(string From, Type FromType, string To, string Line)>> Uses = new(Collect);

    public static TheoryData<string, string> Rules()
    {
        var rules = new TheoryData<string, string>();
        var order = Layers.SelectMany((row, i) => row.Select(name => (name, i))).ToList();
        foreach (var (lower, i) in order)
        {
            foreach (var (higher, _) in order.Where(o => o.i > i))
            {
                rules.Add(new TheoryDataRow<string, string>(lower, higher) { Skip = Pending.GetValueOrDefault((lower, higher)) });
            }
        }

        return rules;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Lower_layer_does_not_use_higher(string lower, string higher)
    {
        var offences = Uses.Value.Where(u => u.From == lower && LayerOf(u.To) == higher).Select(u => u.Line).Distinct().ToList();
        Assert.True(offences.Count == 0, $"{Name(lower)} must not use {Name(higher)}:\n  " + string.Join("\n  ", offences.Take(40)));
    }

    public static TheoryData<string> LayersAboveFormats()
    {
        var rows = new TheoryData<string>();
        foreach (var layer in Layers.SkipWhile(row => !row.Contains("Formats")).Skip(1).SelectMany(row => row))
        {
            rows.Add(new TheoryDataRow<string>(layer) { Skip = Pending.GetValueOrDefault((layer, "Formats.*")) });
        }

        return rows;
    }

    /// <summary>Above Formats, code asks <c>IAssetFormat</c> and the shared helpers; only Formats names a container format (docs/architecture.md).</summary>
    [Theory]
    [MemberData(nameof(LayersAboveFormats))]
    public void Higher_layer_does_not_name_a_concrete_format(string layer)
    {
        var offences = Uses.Value.Where(u => u.From == layer && LayerOf(u.To) == "Formats" && !SharedFormats.Contains(u.To)
            && !(u.To == "MediaTrust.Formats.Bmff" && IsBmffBinding(Outermost(u.FromType))))
            .Select(u => u.Line).Distinct().ToList();
        Assert.True(offences.Count == 0, $"{Name(layer)} must not name a concrete format:\n  " + string.Join("\n  ", offences.Take(40)));
    }

    [Fact]
    public void Every_namespace_is_in_the_table()
    {
        var known = Layers.SelectMany(row => row).ToHashSet(StringComparer.Ordinal);
        var unknown = typeof(Reader).Assembly.GetTypes().Select(LayerOf).Where(l => l is not null && !known.Contains(l)).Distinct().ToList();
        Assert.Empty(unknown);
    }

    private static string Name(string layer) => layer.Length == 0 ? "the root facade MediaTrust" : "MediaTrust." + layer;

    /// <summary>The layer of a namespace of the assembly.</summary>
    private static string LayerOf(string ns) => ns == "MediaTrust" ? "" : ns["MediaTrust.".Length..].Split('.')[0];

    /// <summary>The layer of a type: the namespace of its outermost declaring type, without sub-namespaces; null outside MediaTrust.</summary>
    private static string? LayerOf(Type type)
    {
        while (type.HasElementType)
        {
            type = type.GetElementType()!;
        }

        while (type.DeclaringType is { } outer && !type.IsGenericParameter)
        {
            type = outer;
        }

        var ns = type.IsGenericParameter ? null : type.Namespace;
        if (ns == "MediaTrust" && type.Assembly == typeof(Reader).Assembly)
        {
            return "";
        }

        return ns is not null && ns.StartsWith("MediaTrust.", StringComparison.Ordinal) && type.Assembly == typeof(Reader).Assembly
            ? ns["MediaTrust.".Length..].Split('.')[0]
            : null;
    }

    /// <summary>Every reference from a type of the assembly to a type of another layer: (from layer, used namespace, "Type.Member uses Type").</summary>
    private static List<(string From, Type FromType, string To, string Line)> Collect()
    {
        var result = new List<(string, Type, string, string)>();
        foreach (var type in typeof(Reader).Assembly.GetTypes())
        {
            if (LayerOf(type) is not { } from)
            {
                continue;
            }

            foreach (var (member, used) in References(type))
            {
                foreach (var target in Expand(used))
                {
                    if (LayerOf(target) is { } to && to != from && !IsPublicException(Outermost(target)))
                    {
                        result.Add((from, type, Outermost(target).Namespace!, $"{type.FullName}.{member} uses {target.FullName}"));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The public exceptions (<c>Exceptions.cs</c>) sit in the root namespace so users find them in one place, but they
    /// are vocabulary every layer raises, as low as <c>Spec</c> (docs/architecture.md, "Errors").
    /// </summary>
    private static bool IsPublicException(Type type) =>
        type.Namespace == "MediaTrust" && type.DeclaringType is null && typeof(Exception).IsAssignableFrom(type);

    private static Type Outermost(Type type)
    {
        while (type.HasElementType)
        {
            type = type.GetElementType()!;
        }

        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    /// <summary>A type and every type inside it: element types and generic arguments.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var inner in Expand(type.GetElementType()!))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return inner;
            }
        }
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<(string Member, Type Used)> References(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return ("(base)", baseType);
        }

        foreach (var face in type.GetInterfaces())
        {
            yield return ("(interface)", face);
        }

        foreach (var field in type.GetFields(All))
        {
            yield return (field.Name, field.FieldType);
        }

        foreach (var property in type.GetProperties(All))
        {
            yield return (property.Name, property.PropertyType);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                yield return (method.Name, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return (method.Name, parameter.ParameterType);
            }

            foreach (var used in BodyReferences(method))
            {
                yield return (method.Name, used);
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types a method body's locals and instructions (call, newobj, ldfld, castclass, ldtoken…) name.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        if (method.GetMethodBody() is not { } body)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            var operandSize = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                if (member is Type used)
                {
                    yield return used;
                }
                else if (member?.DeclaringType is { } owner)
                {
                    yield return owner;
                    if (member is MethodInfo called)
                    {
                        yield return called.ReturnType;
                        foreach (var argument in called.IsGenericMethod ? called.GetGenericArguments() : [])
                        {
                            yield return argument;
                        }
                    }
                    else if (member is FieldInfo field)
                    {
                        yield return field.FieldType;
                    }
                }
            }

            i += operandSize;
        }
    }
}
