namespace MediaTrust.TrustProfiles;

/// <summary>A Trust Profile that cannot be loaded: unreadable YAML, a bad include, an include cycle, or a structure the syntax does not allow.</summary>
public sealed class ProfileException : Exception
{
    /// <summary>Creates the error with a message that says what and where.</summary>
    public ProfileException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public ProfileException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the error without details.</summary>
    public ProfileException() : base("The Trust Profile cannot be loaded") { }
}
