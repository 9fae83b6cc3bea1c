using MediaTrust.Spec;

namespace MediaTrust.Validation;

/// <summary>
/// One outcome of a validation check: a status code of C2PA 2.2 §15.2.2, the URL (JUMBF URI) of
/// what it is about when known, and why, in words specific to this case.
/// </summary>
public sealed record ValidationFinding(string Code, string? Url, string Explanation)
{
    /// <summary>Success, informational or failure, from the catalogue.</summary>
    public ValidationStatusKind Kind => ValidationStatusCodes.KindOf(Code);

    /// <summary>The code and the explanation, as <c>code: explanation</c>.</summary>
    public override string ToString() => $"{Code}: {Explanation}";
}
