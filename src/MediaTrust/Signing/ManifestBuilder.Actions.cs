using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Manifests;

namespace MediaTrust.Signing;

public sealed partial class ManifestBuilder
{
    private const string ActionsLabel = AssertionLabels.ActionsV2;

    /// <summary>The actions assertion, with every ingredient referenced from the action that brought it in (<see cref="ActionsAssertion.WriteV2"/>).</summary>
    private static PendingAssertion BuildActions(AssertionDefinition? definition, IReadOnlyList<(string Relationship, HashedUri Uri)> references)
    {
        var cbor = ActionsAssertion.WriteV2(definition?.Data as JsonObject, references);
        return new PendingAssertion(ActionsLabel, AssertionContentKind.Cbor, cbor, null, definition?.Created ?? true);
    }
}
