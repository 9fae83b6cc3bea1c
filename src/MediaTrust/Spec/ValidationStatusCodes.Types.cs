namespace MediaTrust.Spec;

/// <summary>The three kinds of status code of C2PA 2.2 §15.2.2 (Tables 2, 3 and 4).</summary>
public enum ValidationStatusKind
{
    /// <summary>A check passed.</summary>
    Success,

    /// <summary>Worth knowing, but it does not change whether the manifest is valid.</summary>
    Informational,

    /// <summary>A check failed; the manifest (or the part named) is rejected.</summary>
    Failure,
}

/// <summary>One entry of the status-code catalogue.</summary>
/// <param name="Code">The code as it appears in validation results, e.g. <c>claimSignature.validated</c>.</param>
/// <param name="Kind">Success, informational or failure, as the spec's tables classify it.</param>
/// <param name="InSpec">True for codes of C2PA 2.2; false for legacy or c2pa-rs-only codes we only read, and for the CAWG identity assertion's codes (another specification, CAWG identity 1.3).</param>
/// <param name="SpecMeaning">What the spec says the code means.</param>
/// <param name="Explanation">The same in plain language, for people reading a report.</param>
public sealed record ValidationStatusInfo(string Code, ValidationStatusKind Kind, bool InSpec, string SpecMeaning, string Explanation);
