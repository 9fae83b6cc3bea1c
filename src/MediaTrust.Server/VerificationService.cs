using System.Diagnostics;
using System.Threading.RateLimiting;
using MediaTrust.Pki;
using MediaTrust.Validation;
using Microsoft.Extensions.Options;

namespace MediaTrust.Server;

/// <summary>What reading one upload came to: the reader (null without one) and the verdict the CLI would print.</summary>
internal sealed record Verification(Reader? Reader, Verdict Verdict, long Bytes);

/// <summary>
/// Reads and validates uploads with the configured trust, at most <see cref="VerifierOptions.MaxConcurrentValidations"/>
/// at once; a request that finds the queue full is answered 429.
/// </summary>
internal sealed partial class VerificationService : IDisposable
{
    private readonly ConcurrencyLimiter _gate;
    private readonly VerifierTelemetry _telemetry;
    private readonly ILogger<VerificationService> _logger;

    public VerificationService(IOptions<VerifierOptions> options, VerifierTelemetry telemetry, ILogger<VerificationService> logger)
    {
        var settings = options.Value;
        _telemetry = telemetry;
        _logger = logger;
        _gate = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.MaxConcurrentValidations,
            QueueLimit = settings.ValidationQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        Trust = BuildTrust(settings);
        TrustFiles = [.. settings.TrustAnchors.Select(f => ("signer", f)), .. settings.TsaAnchors.Select(f => ("tsa", f)),
            .. settings.AllowedList is { } allowed ? [("allowed", allowed)] : Array.Empty<(string, string)>()];
        Options = new ReaderOptions
        {
            Validation = new ValidationOptions { Trust = Trust, ValidationTime = settings.ValidationTime },
            RemoteFetch = settings.FetchRemoteManifests ? new Formats.Remote.RemoteFetchOptions { AllowNetwork = true } : null,
        };
    }

    public TrustStore Trust { get; }

    /// <summary>The trust files configured: (kind, path), kind one of signer, tsa, allowed.</summary>
    public IReadOnlyList<(string Kind, string Path)> TrustFiles { get; }

    public ReaderOptions Options { get; }

    private static TrustStore BuildTrust(VerifierOptions settings)
    {
        var trust = (settings.UseDefaultTrust ? TrustStore.Default : TrustStore.Empty).ToBuilder();
        foreach (var file in settings.TrustAnchors)
        {
            trust.AddSignerAnchorsFromFile(file);
        }

        foreach (var file in settings.TsaAnchors)
        {
            trust.AddTimeStampAnchorsFromFile(file);
        }

        if (settings.AllowedList is { } allowed)
        {
            trust.AddAllowedEndEntitiesFromFile(allowed);
        }

        return trust.Build();
    }

    /// <summary>Waits for a validation slot; 429 when the queue is full.</summary>
    public async Task<RateLimitLease> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _gate.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            _telemetry.Rejected.Add(1, new KeyValuePair<string, object?>("reason", "validations"));
            throw new ApiProblemException(429, "Too many validations",
                "Too many validations are running or waiting; try again shortly.", "validations.busy");
        }

        return lease;
    }

    /// <summary>Reads and validates an upload (in a validation slot): the asset alone, with its sidecar, or with its fragments.</summary>
    public async Task<Verification> VerifyAsync(Upload upload, CancellationToken cancellationToken)
    {
        var asset = upload.Asset!;
        using var lease = await EnterAsync(cancellationToken);
        using var activity = VerifierTelemetry.Activities.StartActivity("mediatrust.validate");
        var started = Stopwatch.GetTimestamp();
        var bytes = asset.Length + upload.Fragments.Sum(f => f.Length);
        Verification result;
        try
        {
            asset.Content.Position = 0;
            Reader reader;
            if (upload.Fragments.Count > 0)
            {
                reader = await Reader.ReadFragmentsAsync(asset.Content, upload.Fragments.Select(f => (Stream)f.Content), Options, cancellationToken);
            }
            else if (upload.Sidecar is { } sidecar)
            {
                reader = await Reader.ReadWithManifestAsync(asset.Content, sidecar, Options, ManifestSource.Sidecar, cancellationToken);
            }
            else
            {
                reader = await Reader.ReadAsync(asset.Content, Options, cancellationToken);
            }

            result = new Verification(reader, Verdict.Of(reader.Validation!), bytes);
        }
        catch (Exception e) when (Verdict.Of(e) is { } verdict && e is not OperationCanceledException)
        {
            result = new Verification(null, verdict, bytes);
            if (e is UnknownFormatException)
            {
                Record(result, started, activity);
                throw ApiProblemException.Unsupported("The content is not a format MediaTrust reads (the format is found from the bytes, not the name).");
            }

            if (e is MalformedContentException malformed)
            {
                Record(result, started, activity);
                throw new ApiProblemException(422, "Unreadable content", malformed.Message, malformed.StatusCode);
            }
        }

        Record(result, started, activity);
        return result;
    }

    private void Record(Verification result, long started, Activity? activity)
    {
        var state = result.Verdict.StateName;
        var elapsed = Stopwatch.GetElapsedTime(started);
        _telemetry.Validations.Add(1, new KeyValuePair<string, object?>("state", state));
        _telemetry.BytesHashed.Add(result.Bytes);
        _telemetry.Duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("state", state));
        activity?.SetTag("mediatrust.state", state);
        activity?.SetTag("mediatrust.bytes", result.Bytes);
        // The state and size only: never a name, a signer or anything else from the file (docs/server.md, "Security").
        LogValidated(_logger, state, result.Bytes, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Validated {Bytes} bytes: {State} in {ElapsedMs:0.0} ms")]
    private static partial void LogValidated(ILogger logger, string state, long bytes, double elapsedMs);

    public void Dispose() => _gate.Dispose();
}
