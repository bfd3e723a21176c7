using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Disruptions;
using EKtp.Web.Infrastructure.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EKtp.Tests.Integration.Disruptions.AppointmentSeeds;

namespace EKtp.Tests.Integration.Disruptions;

public class DisruptionTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private async Task<(Disruption Disruption, int Affected)> DeclareAsync(string pointCode, DisruptionKind kind, string? startsAt, string? expectedEnd)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtp.Web.Data.EKtpDbContext>();
        var pointId = await db.ServicePoints.Where(p => p.Code == pointCode).Select(p => p.Id).SingleAsync();
        return await scope.ServiceProvider.GetRequiredService<DeclareDisruption>().HandleAsync(new DeclareDisruptionInput
        {
            Kind = kind, StartsNow = startsAt is null, StartsAt = startsAt, ExpectedEndAt = expectedEnd, PublicNote = "Jaringan Telkom putus",
        }, pointId, Guid.NewGuid());
    }

    private Task<List<OutboxMessage>> OutboxAsync(string kind) =>
        App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == kind).ToListAsync());

    [Fact]
    public async Task A_disruption_marks_exactly_the_appointments_whose_slots_overlap_it_and_queues_one_message_each()
    {
        var before = await App.BookAsync("kec-rao", Monday, new(8, 30));      // ends 09:00: untouched
        var first = await App.BookAsync("kec-rao", Monday, new(9, 0));
        var checkedIn = await App.BookAsync("kec-rao", Monday, new(9, 30), status: AppointmentStatus.CheckedIn);
        var last = await App.BookAsync("kec-rao", Monday, new(10, 30));       // ends 11:00: inside
        var after = await App.BookAsync("kec-rao", Monday, new(11, 0));       // starts at the end: untouched
        var cancelled = await App.BookAsync("kec-rao", Monday, new(10, 0), status: AppointmentStatus.Cancelled);
        var elsewhere = await App.BookAsync("dpks", Monday, new(9, 0));
        var tomorrow = await App.BookAsync("kec-rao", Monday.AddDays(1), new(9, 0));

        var (disruption, affected) = await DeclareAsync("kec-rao", DisruptionKind.Network, "2027-03-01T09:00", "2027-03-01T11:00");

        Assert.Equal(3, affected);
        var marked = await App.WithDbAsync(db => db.Appointments.AsNoTracking().Where(a => a.AffectedByDisruptionId == disruption.Id)
            .Select(a => a.Id).ToListAsync());
        Assert.Equal(new[] { first.Id, checkedIn.Id, last.Id }.Order(), marked.Order());
        Assert.DoesNotContain(before.Id, marked);
        Assert.DoesNotContain(after.Id, marked);
        Assert.DoesNotContain(cancelled.Id, marked);
        Assert.DoesNotContain(elsewhere.Id, marked);
        Assert.DoesNotContain(tomorrow.Id, marked);

        var messages = await OutboxAsync(NotificationKinds.AffectedByDisruption);
        Assert.Equal(3, messages.Count);
        Assert.Equal(marked.Order(), messages.Select(m => Guid.Parse(m.DedupKey.Split(':')[1])).Order());
        var text = messages.Single(m => m.DedupKey.Contains(first.Id.ToString())).Body;
        Assert.Contains(first.Code, text);
        Assert.Contains("Sen 01/03 09.00", text);
        Assert.DoesNotContain("1308", text);
        Assert.True(text.Length <= 160, $"one SMS: {text.Length} characters");
    }

    [Fact]
    public async Task An_open_ended_disruption_covers_the_rest_of_today_and_no_card_blanks_covers_nothing()
    {
        var afternoon = await App.BookAsync("kec-rao", Monday, new(15, 30));
        var tomorrow = await App.BookAsync("kec-rao", Monday.AddDays(1), new(7, 30));

        var (blanks, none) = await DeclareAsync("kec-rao", DisruptionKind.NoCardBlanks, null, null);
        Assert.Equal(0, none);
        Assert.Null((await App.ReloadAsync(afternoon.Id)).AffectedByDisruptionId);

        var (power, one) = await DeclareAsync("kec-rao", DisruptionKind.Power, null, null);
        Assert.Equal(1, one);
        Assert.Equal(power.Id, (await App.ReloadAsync(afternoon.Id)).AffectedByDisruptionId);
        Assert.Null((await App.ReloadAsync(tomorrow.Id)).AffectedByDisruptionId);
        Assert.Single(await OutboxAsync(NotificationKinds.AffectedByDisruption));
        Assert.NotEqual(blanks.Id, power.Id);
    }

    [Fact]
    public async Task An_operator_declares_a_disruption_at_their_own_point_the_public_sees_it_and_ending_it_moves_nobody()
    {
        var booked = await App.BookAsync("kec-rao", Monday, new(10, 0));
        var operatorRao = await App.CreateAsync(Roles.Operator, "kec-rao");
        using var client = NewClient();
        await client.SignInAsync(operatorRao);

        var page = await client.GetAsync("/staff/disruptions");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        // A ServicePointCode smuggled into the form is ignored: an Operator declares at their own point.
        var posted = await client.SubmitAsync(page, "#declare-disruption", new Dictionary<string, string>
        {
            ["Kind"] = "CentralServer", ["StartsNow"] = "true", ["ExpectedEndAt"] = "2027-03-01T12:00",
            ["PublicNote"] = "Server pusat Dukcapil sedang gangguan", ["ServicePointCode"] = "dpks",
        });
        AssertRedirect(posted, "/staff/disruptions");
        var disruption = await App.WithDbAsync(db => db.Disruptions.AsNoTracking().Include(d => d.ServicePoint).SingleAsync());
        Assert.Equal("kec-rao", disruption.ServicePoint!.Code);
        Assert.Equal(App.Clock.GetUtcNow(), disruption.StartsAt);
        Assert.Equal(disruption.Id, (await App.ReloadAsync(booked.Id)).AffectedByDisruptionId);

        var status = await NewClient().GetAsync("/service-status");
        var row = status.Document.QuerySelector("[data-point='kec-rao']")!;
        Assert.Equal("disrupted", row.GetAttribute("data-state"));
        Assert.Contains("Server pusat bermasalah", row.TextContent);
        Assert.Contains("12.00", row.TextContent);
        Assert.Contains("Server pusat Dukcapil sedang gangguan", row.TextContent);
        Assert.Equal("open", status.Document.QuerySelector("[data-point='dpks']")!.GetAttribute("data-state"));
        Assert.Contains("Kantor Camat Rao", (await NewClient().GetAsync("/")).Text);

        using var api = App.CreateClient();
        var points = await api.GetFromJsonAsync<JsonElement[]>("/api/v1/service-points");
        var rao = points!.Single(p => p.GetProperty("code").GetString() == "kec-rao");
        Assert.Equal("disrupted", rao.GetProperty("status").GetString());
        Assert.Equal("central-server", rao.GetProperty("disruption").GetProperty("kind").GetString());
        Assert.Equal("2027-03-01T12:00:00+07:00", rao.GetProperty("disruption").GetProperty("expectedEnd").GetString());
        Assert.False(rao.GetProperty("canRecord").GetBoolean());
        Assert.True(points!.Single(p => p.GetProperty("code").GetString() == "dpks").GetProperty("canPrint").GetBoolean());

        // Another point's Operator cannot end it.
        var operatorDpks = await App.CreateAsync(Roles.Operator, "dpks");
        using var other = NewClient();
        await other.SignInAsync(operatorDpks);
        var otherPage = await other.GetAsync("/staff/disruptions");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/staff/disruptions/{disruption.Id}/end", otherPage, new Dictionary<string, string>())).StatusCode);

        App.Clock.Advance(TimeSpan.FromMinutes(30));
        page = await client.GetAsync("/staff/disruptions");
        AssertRedirect(await client.SubmitAsync(page, $"form[action='/staff/disruptions/{disruption.Id}/end']"), "/staff/disruptions");
        var ended = await App.WithDbAsync(db => db.Disruptions.AsNoTracking().SingleAsync());
        Assert.Equal(App.Clock.GetUtcNow(), ended.EndedAt);
        // Ended early: the resident still decides; nothing was moved.
        var still = await App.ReloadAsync(booked.Id);
        Assert.Equal(booked.SlotId, still.SlotId);
        Assert.Equal(disruption.Id, still.AffectedByDisruptionId);
        Assert.Equal("open", (await NewClient().GetAsync("/service-status")).Document.QuerySelector("[data-point='kec-rao']")!.GetAttribute("data-state"));
    }

    [Fact]
    public async Task A_disruption_with_an_end_before_its_start_is_refused_beside_the_field_and_nothing_is_written()
    {
        var admin = await App.CreateAsync(Roles.Admin);
        using var client = NewClient();
        await client.SignInAsync(admin);
        var page = await client.GetAsync("/staff/disruptions");
        var response = await client.SubmitAsync(page, "#declare-disruption", new Dictionary<string, string>
        {
            ["ServicePointCode"] = "dpks", ["Kind"] = "Network", ["StartsNow"] = "false",
            ["StartsAt"] = "2027-03-01T13:00", ["ExpectedEndAt"] = "2027-03-01T12:00",
        });
        var result = await PageClient.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("Perkiraan selesai harus sesudah waktu mulai.", result.FieldError("ExpectedEndAt"));
        Assert.Equal(0, await App.WithDbAsync(db => db.Disruptions.CountAsync()));

        var noPoint = await PageClient.ReadAsync(await client.SubmitAsync(page, "#declare-disruption", new Dictionary<string, string> { ["Kind"] = "Power" }));
        Assert.Equal("Pilih tempat layanan.", noPoint.FieldError("ServicePointCode"));
    }

    [Fact]
    public async Task A_head_of_office_cannot_open_the_disruption_page()
    {
        var head = await App.CreateAsync(Roles.Head);
        using var client = NewClient();
        await client.SignInAsync(head);
        var response = await client.Http.GetAsync("/staff/disruptions");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/staff/denied", response.Headers.Location!.OriginalString);
    }
}

public class ServiceStatusLanguageTests(EKtpAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task The_service_status_page_speaks_English_when_the_visitor_chooses_it()
    {
        using var client = NewClient();
        var page = await client.GetAsync("/service-status");
        Assert.Equal("Layanan hari ini", page.Document.QuerySelector("h1")!.TextContent);
        await client.SubmitAsync(page, "form[action='/culture']", new Dictionary<string, string> { ["culture"] = "en-US" });
        var english = await client.GetAsync("/service-status");
        Assert.Equal("Service today", english.Document.QuerySelector("h1")!.TextContent);
        Assert.Contains("Mobile units", english.Text);
    }
}
