namespace MediaTrust.Pki;

/// <summary>
/// One outcome of a PKI check (time-stamp, revocation): a C2PA status code (spec 2.2 §15.2.2) and a sentence
/// saying why. Validation adds what it is about (the JUMBF URI) when it reports it.
/// </summary>
internal readonly record struct PkiFinding(string Code, string Explanation);
