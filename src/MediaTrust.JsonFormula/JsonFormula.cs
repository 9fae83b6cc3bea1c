namespace MediaTrust.JsonFormula;

/// <summary>Entry point of the json-formula engine.</summary>
public static class JsonFormula
{
}
