using System.Formats.Cbor;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Manifests;

namespace MediaTrust.Signing;

public sealed partial class ManifestBuilder
{
    private const string ActionsLabel = AssertionLabels.ActionsV2;

    /// <summary>
    /// The actions assertion, with every ingredient referenced from the action that brought it in
    /// (spec 2.2 §18.16.3: <c>parameters.ingredients</c> hashed URIs): <c>c2pa.opened</c> for the
    /// parent, <c>c2pa.placed</c> for components, <c>c2pa.created</c> for inputs. An action of that
    /// kind in the definition gets the references; otherwise one is added (the opened action first,
    /// as §18.16.4 requires of the first action).
    /// </summary>
    private static PendingAssertion BuildActions(AssertionDefinition? definition, IReadOnlyList<(string Relationship, HashedUri Uri)> references)
    {
        var data = definition?.Data as JsonObject ?? [];
        var userActions = (data["actions"] as JsonArray ?? []).Select(a => a as JsonObject ?? throw new ArgumentException("every action in c2pa.actions must be an object")).ToList();
        var pending = new Dictionary<string, List<HashedUri>>(StringComparer.Ordinal);
        foreach (var (relationship, uri) in references)
        {
            var action = relationship switch
            {
                IngredientFile.ParentOf => "c2pa.opened",
                IngredientFile.ComponentOf => "c2pa.placed",
                _ => "c2pa.created",
            };
            (pending.TryGetValue(action, out var list) ? list : pending[action] = []).Add(uri);
        }

        var actions = new List<(JsonObject Action, List<HashedUri> Ingredients)>();
        foreach (var action in userActions)
        {
            var name = action["action"]?.GetValue<string>();
            actions.Add((action, name is not null && pending.Remove(name, out var uris) ? uris : []));
        }

        if (pending.Remove("c2pa.opened", out var opened))
        {
            if (actions.Exists(a => a.Action["action"]?.GetValue<string>() == "c2pa.created"))
            {
                // §18.16.4: one c2pa.created or c2pa.opened action, first; an asset with a parent was opened, not created.
                throw new ArgumentException("a manifest with a parentOf ingredient cannot have a c2pa.created action: the parent was opened (spec 2.2 §18.16.4); use c2pa.edited or another action for what was done");
            }

            actions.Insert(0, (new JsonObject { ["action"] = "c2pa.opened" }, opened));
        }

        foreach (var (name, uris) in pending)
        {
            actions.Add((new JsonObject { ["action"] = name }, uris));
        }

        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(data.Count + (data.ContainsKey("actions") ? 0 : 1));
        foreach (var (key, value) in data)
        {
            if (key == "actions")
            {
                continue;
            }

            writer.WriteTextString(key);
            CborFromJson.Write(writer, value, 1);
        }

        writer.WriteTextString("actions");
        writer.WriteStartArray(actions.Count);
        foreach (var (action, ingredients) in actions)
        {
            WriteAction(writer, action, ingredients);
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return new PendingAssertion(ActionsLabel, AssertionContentKind.Cbor, writer.Encode(), null, definition?.Created ?? true);
    }

    private static void WriteAction(CborWriter writer, JsonObject action, List<HashedUri> ingredients)
    {
        var parameters = action["parameters"] as JsonObject;
        writer.WriteStartMap(action.Count + (ingredients.Count > 0 && parameters is null ? 1 : 0));
        foreach (var (key, value) in action)
        {
            if (key == "parameters" && ingredients.Count > 0)
            {
                continue;
            }

            writer.WriteTextString(key);
            CborFromJson.Write(writer, value, 2);
        }

        if (ingredients.Count == 0)
        {
            writer.WriteEndMap();
            return;
        }

        writer.WriteTextString("parameters");
        var own = parameters ?? [];
        writer.WriteStartMap(own.Count + (own.ContainsKey("ingredients") ? 0 : 1));
        foreach (var (key, value) in own)
        {
            if (key == "ingredients")
            {
                continue;
            }

            writer.WriteTextString(key);
            CborFromJson.Write(writer, value, 3);
        }

        writer.WriteTextString("ingredients");
        writer.WriteStartArray(ingredients.Count);
        foreach (var uri in ingredients)
        {
            uri.Write(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        writer.WriteEndMap();
    }
}
