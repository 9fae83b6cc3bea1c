namespace MediaTrust.Cli;

/// <summary>The process exit codes of <c>mediatrust</c>, documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>Success: the command did what was asked (verify: every file Trusted).</summary>
    public const int Ok = 0;

    /// <summary>verify: a manifest is Invalid; cert check: the certificate fails the profile; formula: the expression failed.</summary>
    public const int Invalid = 1;

    /// <summary>The asset has no manifest store.</summary>
    public const int NoManifest = 2;

    /// <summary>The input could not be read or is malformed (the message names what and where).</summary>
    public const int Error = 3;

    /// <summary>verify: every manifest is Valid, but at least one signer is not on the trust list in use.</summary>
    public const int ValidUntrusted = 4;

    /// <summary>The command line is wrong (BSD sysexits EX_USAGE).</summary>
    public const int Usage = 64;
}
