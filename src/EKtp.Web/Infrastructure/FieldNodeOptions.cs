using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>Settings of the sync between the hub and its field nodes (section <c>FieldNode</c>; docs/field-node-design.md).
/// In Infrastructure, as QueueOptions is, because /service-status reads one of them and the field-node feature uses
/// the queue: kept in FieldNodes it closed a cycle of features.</summary>
public sealed class FieldNodeOptions
{
    public const string Section = "FieldNode";

    /// <summary>At the hub: publish each point to its node and apply the nodes' events. A node is always enabled.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// At a node: the hub's database as this node (its portal and its PostgreSQL server) reach it. Empty: the node is
    /// not linked (it serves and journals; its sync loop does nothing), for a test host or a node set up before its tunnel.
    /// </summary>
    public string? HubConnectionString { get; set; }

    [Range(1, 3600)]
    public int PushIntervalSeconds { get; set; } = 2;

    [Range(1, 10_000)]
    public int PushBatchSize { get; set; } = 500;

    [Range(1, 3600)]
    public int ApplyIntervalSeconds { get; set; } = 1;

    [Range(1, 86_400)]
    public int ConnectedWithinSeconds { get; set; } = 15;

    [Range(1, 1_000_000)]
    public int BacklogWarnEvents { get; set; } = 200;

    [Range(1, 7 * 24 * 60)]
    public int BacklogWarnAgeMinutes { get; set; } = 240;
}

/// <summary>
/// A node needs its point; start-up fails with a sentence that says what to set. The hub's address may be left
/// empty (no sync; see <see cref="FieldNodeOptions.HubConnectionString"/>), but not set to blanks by mistake.
/// </summary>
public sealed class FieldNodeOptionsValidator(IOptions<SiteOptions> site) : IValidateOptions<FieldNodeOptions>
{
    public ValidateOptionsResult Validate(string? name, FieldNodeOptions options)
    {
        if (!site.Value.IsNode) return ValidateOptionsResult.Success;
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(site.Value.PointCode))
            missing.Add("Site:PointCode (the code of the point this field node serves, e.g. kec-rao)");
        if (options.HubConnectionString is { Length: > 0 } hub && string.IsNullOrWhiteSpace(hub))
            missing.Add("FieldNode:HubConnectionString (the hub's database, e.g. \"Host=10.8.0.1;Port=5432;Database=ektp;Username=node_rao;Password=...\")");
        return missing.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("A field node (Site:Role=Node) needs " + string.Join(" and ", missing) + ".");
    }
}
