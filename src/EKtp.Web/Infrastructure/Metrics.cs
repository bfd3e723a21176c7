using System.Diagnostics.Metrics;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// Operators' metrics (decision 1605): OpenTelemetry, in Prometheus' text format at <c>/metrics</c> on the internal
/// address <c>Metrics:Url</c> only (for example <c>http://127.0.0.1:9181</c>: an extra Kestrel listener). A request
/// reaching the portal's public address never sees them, whatever its Host header says: the endpoint answers only on
/// the metrics listener's local port. Without <c>Metrics:Url</c> nothing is collected or exposed.
/// <list type="bullet">
/// <item>requests and latency by route (<c>http_server_request_duration_seconds</c>, ASP.NET Core);</item>
/// <item>database time (<c>db_client_operation_duration_seconds</c>, Npgsql);</item>
/// <item><c>ektp_bookings_total</c>, <c>ektp_outbox_pending</c>, <c>ektp_outbox_failed</c>,
/// <c>ektp_rollup_age_seconds</c>, and at a hub each field node's <c>ektp_field_node_lag_seconds</c> and
/// <c>ektp_field_node_events_waiting</c> (labels <c>point</c>, <c>node</c>) (this file);</item>
/// <item>every series labelled with the instance that served it (<c>service_instance_id</c> from <c>Instance:Name</c>).</item>
/// </list>
/// </summary>
public static class PortalMetrics
{
    public const string Section = "Metrics";
    public const string MeterName = "EKtp";
    public const string Path = "/metrics";

    // Static so that the booking code needs no new dependency; each host's meter provider listens to it.
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Bookings = Meter.CreateCounter<long>("ektp.bookings", unit: "{booking}",
        description: "Appointments booked (committed), on the web form and the API");

    public static void BookingMade() => Bookings.Add(1);

    public static Uri? MetricsUrl(IConfiguration configuration) =>
        configuration[$"{Section}:Url"] is { Length: > 0 } url
            ? Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == "http" && uri.Port > 0
                ? uri
                : throw new InvalidOperationException($"{Section}:Url: '{url}' is not an address such as http://127.0.0.1:9181.")
            : null;

    public static WebApplicationBuilder AddEKtpMetrics(this WebApplicationBuilder builder)
    {
        var url = MetricsUrl(builder.Configuration);
        if (url is null) return builder;
        // One more listener beside the public one(s): the urls setting (ASPNETCORE_URLS), or the container's HTTP ports.
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
            urls = builder.Configuration["http_ports"] is { Length: > 0 } ports
                ? string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p}"))
                : "http://localhost:5000";
        builder.WebHost.UseUrls(urls + ";" + url.GetLeftPart(UriPartial.Authority));

        var instance = builder.Configuration.GetSection(InstanceOptions.Section).Get<InstanceOptions>() ?? new InstanceOptions();
        builder.Services.AddSingleton<PortalGauges>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ektp", serviceInstanceId: instance.EffectiveName, autoGenerateServiceInstanceId: false))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation(_ => { })
                .AddMeter(MeterName, PortalGauges.MeterName)
                .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication UseEKtpMetrics(this WebApplication app)
    {
        var url = MetricsUrl(app.Configuration);
        if (url is null) return app;
        app.Services.GetRequiredService<PortalGauges>();
        var port = url.Port;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Connection.LocalPort == port && c.Request.Path == Path);
        return app;
    }
}

/// <summary>
/// What the database knows that an alarm needs: the outbox's backlog and its failures, how old the dashboard's
/// rollups are, and at a hub each field node's lag and waiting events. Read when Prometheus scrapes, at most every
/// 15 s (two small counts on the outbox's status index, the few rows of <c>field_nodes</c> and one primary-key read
/// per node with events waiting).
/// </summary>
public sealed class PortalGauges
{
    public const string MeterName = "EKtp.Database";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<PortalGauges> _logger;
    private readonly Lock _lock = new();
    private (DateTimeOffset At, long Pending, long Failed, double? RollupAge, IReadOnlyList<FieldNodeLag> Nodes)? _last;

    public PortalGauges(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock, ILogger<PortalGauges> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge<long>("ektp.outbox.pending", () => Read()?.Pending ?? [], unit: "{message}",
            description: "Outbox messages waiting to be sent");
        meter.CreateObservableGauge<long>("ektp.outbox.failed", () => Read()?.Failed ?? [], unit: "{message}",
            description: "Outbox messages that gave up after their last attempt");
        meter.CreateObservableGauge<double>("ektp.rollup.age", () => Read()?.RollupAge ?? [], unit: "s",
            description: "Seconds since the dashboard's rollups were last brought up to date");
        meter.CreateObservableGauge<double>("ektp.field_node.lag", () => Read()?.NodeLag ?? [], unit: "s",
            description: "Per field node: age of the oldest event received and not yet applied, else capture-to-apply time of the last applied");
        meter.CreateObservableGauge<long>("ektp.field_node.events_waiting", () => Read()?.NodeWaiting ?? [], unit: "{event}",
            description: "Per field node: events the hub has received and not yet applied");
    }

    /// <summary>One field node as the hub's metrics see it.</summary>
    public sealed record FieldNodeLag(string PointCode, Guid NodeId, double LagSeconds, long Waiting);

    /// <summary>
    /// Each node the hub knows: events received and not applied, and the lag. While events wait, the lag is the age of
    /// the next one to apply (it grows while the applier is stuck); when none wait, the last applied event's time from
    /// capture at the node to apply at the hub.
    /// </summary>
    public static List<FieldNodeLag> ReadFieldNodes(EKtpDbContext db, DateTimeOffset now)
    {
        var nodes = db.FieldNodes.AsNoTracking().OrderBy(n => n.PointCode)
            .Select(n => new { n.NodeId, n.PointCode, n.ReceivedSeq, n.AppliedSeq, n.LastAppliedAt, n.LastAppliedOccurredAt }).ToList();
        return nodes.Select(n =>
        {
            var waiting = Math.Max(0, n.ReceivedSeq - n.AppliedSeq);
            var lag = waiting > 0
                && db.FieldEvents.AsNoTracking().Where(e => e.NodeId == n.NodeId && e.Seq == n.AppliedSeq + 1).Select(e => (DateTimeOffset?)e.OccurredAt)
                    .SingleOrDefault() is { } next
                ? (now - next).TotalSeconds
                : n.LastAppliedAt is { } applied && n.LastAppliedOccurredAt is { } occurred ? (applied - occurred).TotalSeconds : 0;
            return new FieldNodeLag(n.PointCode, n.NodeId, Math.Max(0, lag), waiting);
        }).ToList();
    }

    private (IEnumerable<Measurement<long>> Pending, IEnumerable<Measurement<long>> Failed, IEnumerable<Measurement<double>> RollupAge,
        IEnumerable<Measurement<double>> NodeLag, IEnumerable<Measurement<long>> NodeWaiting)? Read()
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_last is not { } last || now - last.At > CacheFor)
            {
                try
                {
                    using var scope = _scopes.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
                    var pending = db.Outbox.LongCount(m => m.Status == OutboxStatus.Pending);
                    var failed = db.Outbox.LongCount(m => m.Status == OutboxStatus.Failed);
                    var asOf = db.RollupStates.AsNoTracking().Where(s => s.Name == RollupJob.RefreshMark).Select(s => s.TimeMark).SingleOrDefault();
                    _last = (now, pending, failed, asOf is { } a ? (now - a).TotalSeconds : null, ReadFieldNodes(db, now));
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // No figure rather than a stale one: the database being away has alarms of its own.
                    _logger.LogWarning("Metrics: the database could not be read ({Error})", e.GetType().Name);
                    return null;
                }
            }
            var l = _last.Value;
            KeyValuePair<string, object?>[] Tags(FieldNodeLag n) => [new("point", n.PointCode), new("node", n.NodeId.ToString("N"))];
            return ([new(l.Pending)], [new(l.Failed)], l.RollupAge is { } age ? [new(age)] : [],
                l.Nodes.Select(n => new Measurement<double>(n.LagSeconds, Tags(n))).ToList(),
                l.Nodes.Select(n => new Measurement<long>(n.Waiting, Tags(n))).ToList());
        }
    }
}
