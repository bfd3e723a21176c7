using System.Text.Json;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace EKtp.Web.Features.FieldNodes;

/// <summary>
/// A field node's side of the link: its state row, its subscription to the hub's publication of its point, and the
/// push of its journal into the hub's <c>field_events</c> (decision 1201). Everything is idempotent and retried: the
/// node serves its staff whether or not the hub answers.
/// </summary>
public sealed class NodeLink(EKtpDbContext db, IOptions<SiteOptions> site, IOptions<FieldNodeOptions> options, TimeProvider clock,
    RecordingUploads uploads, ILogger<NodeLink> logger)
{
    private string PointCode => site.Value.PointCode!;

    /// <summary>Makes the node's one state row (and so its id) the first time the node starts.</summary>
    public async Task<FieldNodeState> EnsureStateAsync(CancellationToken ct)
    {
        await FieldJournal.EnsureStateAsync(db, PointCode, clock.GetUtcNow(), ct);
        return await db.FieldNodeStates.AsNoTracking().SingleAsync(ct);
    }

    /// <summary>One round: subscribe if not yet, push what the hub lacks, recover a lost slot. False when the hub did not answer.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        var state = await EnsureStateAsync(ct);
        try
        {
            await using var hub = new NpgsqlConnection(options.Value.HubConnectionString);
            await hub.OpenAsync(ct);
            var (received, applied) = await PushAsync(hub, state, ct);
            // Before the positions move: a round cut off here marks the same recordings again next time (each move is idempotent).
            await MarkRecordingsAsync(state, received, applied, ct);
            await db.FieldNodeStates.Where(s => s.NodeId == state.NodeId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.PushedSeq, received).SetProperty(s => s.AppliedSeq, applied)
                .SetProperty(s => s.LastPushAt, clock.GetUtcNow()).SetProperty(s => s.LastPushError, (string?)null)
                .SetProperty(s => s.DisconnectedSince, (DateTimeOffset?)null), ct);
            try
            {
                await KeepSubscriptionAsync(hub, state, ct);
            }
            catch (PostgresException e)
            {
                // The link is up, but the hub refused the subscription (no publication yet, a missing right): said, retried.
                logger.LogWarning("This field node could not subscribe to the hub yet: {Reason}", e.MessageText);
                await db.FieldNodeStates.Where(s => s.NodeId == state.NodeId)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastPushError, "subscription: " + e.MessageText), ct);
            }
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException || e.InnerException is IOException or TimeoutException)
        {
            var message = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            logger.LogInformation("The hub did not answer this field node: {Reason}", message);
            var now = clock.GetUtcNow();
            await db.FieldNodeStates.Where(s => s.NodeId == state.NodeId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.LastPushError, message)
                .SetProperty(s => s.DisconnectedSince, s => s.DisconnectedSince ?? now), ct);
            return false;
        }
    }

    /// <summary>
    /// Moves the upload state of the recordings whose events the hub now holds (sent) or has applied (acknowledged),
    /// among the events after the last position the hub confirmed applied (decision 1210; design section 8).
    /// </summary>
    private async Task MarkRecordingsAsync(FieldNodeState state, long received, long applied, CancellationToken ct)
    {
        var events = await db.FieldEvents.AsNoTracking()
            .Where(e => e.NodeId == state.NodeId && e.Kind == FieldEventKinds.OutcomeRecorded && e.Seq > state.AppliedSeq && e.Seq <= received)
            .Select(e => new { e.Seq, e.Payload }).ToListAsync(ct);
        if (events.Count == 0) return;
        var recordings = events.Select(e => (e.Seq, JsonSerializer.Deserialize<OutcomeRecordedEvent>(e.Payload, FieldJournal.Json)!.RecordingId)).ToList();
        await uploads.MarkSentAsync(recordings.Where(r => r.Seq > applied).Select(r => r.RecordingId).ToList(), ct);
        await uploads.MarkAcknowledgedAsync(recordings.Where(r => r.Seq <= applied).Select(r => r.RecordingId).ToList(), ct);
    }

    /// <summary>
    /// Sends, in one hub transaction, the events after the last one the hub has, and moves the hub's
    /// <c>field_nodes.received_seq</c>. A re-sent event is a no-op (<c>ON CONFLICT (node_id, seq) DO NOTHING</c>).
    /// Returns the hub's received and applied positions.
    /// </summary>
    private async Task<(long Received, long Applied)> PushAsync(NpgsqlConnection hub, FieldNodeState state, CancellationToken ct)
    {
        await using var tx = await hub.BeginTransactionAsync(ct);
        long received, applied;
        await using (var contact = new NpgsqlCommand("""
            INSERT INTO field_nodes (node_id, point_code, first_contact_at, last_contact_at, received_seq, applied_seq)
            VALUES ($1, $2, $3, $3, 0, 0)
            ON CONFLICT (node_id) DO UPDATE SET last_contact_at = EXCLUDED.last_contact_at
            RETURNING received_seq, applied_seq
            """, hub, tx))
        {
            contact.Parameters.Add(new() { Value = state.NodeId });
            contact.Parameters.Add(new() { Value = PointCode });
            contact.Parameters.Add(new() { Value = clock.GetUtcNow() });
            await using var r = await contact.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            (received, applied) = (r.GetInt64(0), r.GetInt64(1));
        }

        var batch = await db.FieldEvents.AsNoTracking().Where(e => e.NodeId == state.NodeId && e.Seq > received)
            .OrderBy(e => e.Seq).Take(options.Value.PushBatchSize).ToListAsync(ct);
        if (batch.Count > 0)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO field_events (node_id, seq, id, point_id, kind, payload, occurred_at, received_at)
                SELECT e.node_id, e.seq, e.id, e.point_id, e.kind, CAST(e.payload AS jsonb), e.occurred_at, $8
                FROM unnest($1, $2, $3, $4, $5, $6, $7) AS e(node_id, seq, id, point_id, kind, payload, occurred_at)
                ON CONFLICT (node_id, seq) DO NOTHING;
                """, hub, tx);
            insert.Parameters.Add(new() { Value = batch.Select(e => e.NodeId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.Add(new() { Value = batch.Select(e => e.Seq).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Parameters.Add(new() { Value = batch.Select(e => e.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.Add(new() { Value = batch.Select(e => e.PointId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.Add(new() { Value = batch.Select(e => e.Kind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = batch.Select(e => e.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = batch.Select(e => e.OccurredAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new() { Value = clock.GetUtcNow() });
            await insert.ExecuteNonQueryAsync(ct);
            received = batch[^1].Seq;
            await using var move = new NpgsqlCommand(
                "UPDATE field_nodes SET received_seq = GREATEST(received_seq, $2) WHERE node_id = $1", hub, tx);
            move.Parameters.Add(new() { Value = state.NodeId });
            move.Parameters.Add(new() { Value = received });
            await move.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (received, applied);
    }

    /// <summary>
    /// Creates the subscription when there is none, and makes it again when the hub lost the node's slot
    /// (<c>max_slot_wal_keep_size</c> passed while the node was away): the copy lands on the rows the node has through
    /// <c>public.ektp_replica_upsert</c>, and the journal (the other direction) is untouched, so nothing is lost.
    /// </summary>
    private async Task KeepSubscriptionAsync(NpgsqlConnection hub, FieldNodeState state, CancellationToken ct)
    {
        var slot = FieldReplication.SlotName(state.NodeId);
        var subscribed = await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM pg_catalog.pg_subscription
            WHERE subname = {FieldReplication.SubscriptionName} AND subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
            """).SingleAsync(ct) == 1;
        var walStatus = await SlotStatusAsync(hub, slot, ct);
        if (subscribed && walStatus is not null && walStatus != "lost")
        {
            await TakeUpNewTablesAsync(hub, ct);
            return;
        }
        if (subscribed)
        {
            logger.LogWarning("The hub lost this field node's replication slot ({WalStatus}); subscribing again with a fresh copy", walStatus ?? "missing");
            // Detach from the (lost) slot first, so that dropping the subscription does not try to drop it remotely.
            const string name = FieldReplication.SubscriptionName;
            foreach (var sql in new[] { $"ALTER SUBSCRIPTION {name} DISABLE", $"ALTER SUBSCRIPTION {name} SET (slot_name = NONE)", $"DROP SUBSCRIPTION {name}" })
                await db.Database.ExecuteSqlRawAsync(sql, ct);
        }
        if (walStatus is not null)
        {
            await using var drop = new NpgsqlCommand(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", hub);
            drop.Parameters.Add(new() { Value = slot });
            await drop.ExecuteNonQueryAsync(ct);
        }
        // CREATE SUBSCRIPTION runs outside a transaction and connects to the hub itself (from the node's PostgreSQL).
        var conninfo = LibpqConninfo(options.Value.HubConnectionString!).Replace("'", "''");
        // Names from FieldReplication and a validated point code; the conninfo is a quoted literal.
        var create = $"""
            CREATE SUBSCRIPTION {FieldReplication.SubscriptionName} CONNECTION '{conninfo}'
            PUBLICATION {FieldReplication.PublicationName(PointCode)}
            WITH (slot_name = '{slot}', copy_data = true)
            """;
        await db.Database.ExecuteSqlRawAsync(create, ct);
        await db.FieldNodeStates.Where(s => s.NodeId == state.NodeId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SubscriptionCreatedAt, clock.GetUtcNow()), ct);
        logger.LogInformation("Field node subscribed to {Publication}", FieldReplication.PublicationName(PointCode));
    }

    /// <summary>
    /// A subscription made by an earlier version lacks the tables published since (disruptions and closures, decision
    /// 1220): once the hub's publication has them, <c>REFRESH PUBLICATION</c> copies them (onto the node's own rows, by
    /// <c>public.ektp_replica_upsert</c>) and streams them from then on.
    /// </summary>
    private async Task TakeUpNewTablesAsync(NpgsqlConnection hub, CancellationToken ct)
    {
        var subscribedTables = (await db.Database.SqlQuery<string>($"""
            SELECT c.relname::text AS "Value" FROM pg_catalog.pg_subscription_rel r
            JOIN pg_catalog.pg_class c ON c.oid = r.srrelid JOIN pg_catalog.pg_subscription s ON s.oid = r.srsubid
            WHERE s.subname = {FieldReplication.SubscriptionName}
            """).ToListAsync(ct)).ToHashSet();
        var missing = FieldReplication.Tables(Guid.Empty).Select(t => t.Table).Where(t => !subscribedTables.Contains(t)).ToList();
        if (missing.Count == 0) return;
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*)::int FROM pg_catalog.pg_publication_tables WHERE pubname = $1 AND schemaname = 'public' AND tablename = ANY ($2)", hub);
        cmd.Parameters.Add(new() { Value = FieldReplication.PublicationName(PointCode) });
        cmd.Parameters.Add(new() { Value = missing.ToArray() });
        if ((int)(await cmd.ExecuteScalarAsync(ct))! == 0) return; // the hub is not upgraded yet: nothing to take up
        const string refresh = "ALTER SUBSCRIPTION " + FieldReplication.SubscriptionName + " REFRESH PUBLICATION WITH (copy_data = true)";
        await db.Database.ExecuteSqlRawAsync(refresh, ct);
        logger.LogInformation("Field node subscription refreshed for {Tables}", string.Join(", ", missing));
    }

    private static async Task<string?> SlotStatusAsync(NpgsqlConnection hub, string slot, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT coalesce(wal_status, 'unknown') FROM pg_replication_slots WHERE slot_name = $1", hub);
        cmd.Parameters.Add(new() { Value = slot });
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>The libpq form of an Npgsql connection string, for <c>CREATE SUBSCRIPTION ... CONNECTION</c>.</summary>
    public static string LibpqConninfo(string npgsql)
    {
        var b = new NpgsqlConnectionStringBuilder(npgsql);
        static string Quote(string v) => "'" + v.Replace(@"\", @"\\").Replace("'", @"\'") + "'";
        var parts = new List<string> { $"host={Quote(b.Host ?? "127.0.0.1")}", $"port={b.Port}", $"dbname={Quote(b.Database ?? "postgres")}" };
        if (!string.IsNullOrEmpty(b.Username)) parts.Add($"user={Quote(b.Username)}");
        if (!string.IsNullOrEmpty(b.Password)) parts.Add($"password={Quote(b.Password)}");
        parts.Add("connect_timeout=5");
        return string.Join(' ', parts);
    }
}
