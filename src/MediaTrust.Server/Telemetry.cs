using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MediaTrust.Server;

/// <summary>
/// The verifier's own metrics and traces (docs/server.md, "Operations"): validations by state, bytes validated, durations.
/// Exported with ASP.NET Core's request metrics through OpenTelemetry (Prometheus at <c>/metrics</c>).
/// </summary>
internal sealed class VerifierTelemetry : IDisposable
{
    public const string Name = "MediaTrust.Server";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Meter _meter;

    public VerifierTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        Validations = _meter.CreateCounter<long>("mediatrust.validations", "{validation}", "Validations finished, by state (trusted, valid, invalid, no-manifest, error)");
        BytesHashed = _meter.CreateCounter<long>("mediatrust.validation.bytes", "By", "Bytes of uploaded assets read and hashed by validation");
        Duration = _meter.CreateHistogram<double>("mediatrust.validation.duration", "s", "Time to read and validate one upload, upload excluded");
        UploadBytes = _meter.CreateCounter<long>("mediatrust.upload.bytes", "By", "Bytes received in uploads");
        Rejected = _meter.CreateCounter<long>("mediatrust.rejected", "{request}", "Requests refused by a limit, by reason");
    }

    public Counter<long> Validations { get; }

    public Counter<long> BytesHashed { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> UploadBytes { get; }

    public Counter<long> Rejected { get; }

    public void Dispose() => _meter.Dispose();
}
