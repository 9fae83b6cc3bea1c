using MediaTrust.Spec;

namespace MediaTrust.Validation;

/// <summary>Status entries of one manifest, by kind (spec 2.2 §15.2.1 <c>status-codes-map</c>).</summary>
public sealed record StatusCodes(IReadOnlyList<ValidationFinding> Success, IReadOnlyList<ValidationFinding> Informational, IReadOnlyList<ValidationFinding> Failure)
{
    /// <summary>No codes at all.</summary>
    public static StatusCodes Empty { get; } = new([], [], []);

    internal static StatusCodes From(IEnumerable<ValidationFinding> findings)
    {
        var list = findings.ToList();
        return new StatusCodes(
            list.Where(f => f.Kind == ValidationStatusKind.Success).ToList(),
            list.Where(f => f.Kind == ValidationStatusKind.Informational).ToList(),
            list.Where(f => f.Kind == ValidationStatusKind.Failure).ToList());
    }
}

/// <summary>The validation of the manifest an ingredient assertion points to (spec 2.2 §15.11, <c>ingredientDeltas</c>).</summary>
/// <param name="IngredientAssertionUri">The ingredient assertion, as an absolute JUMBF URI.</param>
/// <param name="ValidationDeltas">What validating the ingredient's manifest found.</param>
public sealed record IngredientDelta(string IngredientAssertionUri, StatusCodes ValidationDeltas);

/// <summary>The results of validating a manifest store (spec 2.2 §15.2.1 <c>validation-results-map</c>).</summary>
/// <param name="ActiveManifest">Everything found about the active manifest, including the asset's content.</param>
/// <param name="IngredientDeltas">One entry per ingredient assertion in the store, in order.</param>
public sealed record ValidationResults(StatusCodes ActiveManifest, IReadOnlyList<IngredientDelta> IngredientDeltas);
