namespace MediaTrust.Bindings;

/// <summary>One outcome of checking a hard binding: a C2PA status code (spec 2.2 §15.2.2) and a sentence saying why.</summary>
internal readonly record struct BindingFinding(string Code, string Explanation);
