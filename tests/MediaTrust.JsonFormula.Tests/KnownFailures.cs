namespace MediaTrust.JsonFormula;

/// <summary>Conformance cases that fail on purpose or for a documented reason (mirrored in docs/json-formula.md).</summary>
internal static class KnownFailures
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>
    {
    };
}
