using EKtp.Tests.Integration.Admin;
using EKtp.Tests.Support;
using EKtp.Web.Domain;
using EKtp.Web.Features.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EKtp.Tests.Integration.Privacy;

[Collection(PlatformDatabaseCollection.Name)]
public class RetentionTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);

    private async Task<int> EraseAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().EraseExpiredAsync();
    }

    [Fact]
    public async Task Retention_erases_the_personal_data_of_finished_appointments_past_the_period_and_nothing_else()
    {
        var completed = await App.BookAsync("dpks", Monday.AddDays(1), status: AppointmentStatus.Completed);
        var cancelled = await App.BookAsync("dpks", Monday.AddDays(2), nik: "1308050101900002", status: AppointmentStatus.Cancelled);
        var noShow = await App.BookAsync("dpks", Monday.AddDays(3), nik: "1308050101900003", status: AppointmentStatus.NoShow);
        var notRecorded = await App.BookAsync("dpks", Monday.AddDays(4), nik: "1308050101900004", status: AppointmentStatus.NotRecorded);
        var stillBooked = await App.BookAsync("dpks", Monday.AddDays(1), nik: "1308050101900005");
        var checkedIn = await App.BookAsync("dpks", Monday.AddDays(1), nik: "1308050101900006", status: AppointmentStatus.CheckedIn);
        var recentFinish = await App.BookAsync("dpks", Monday.AddDays(24), nik: "1308050101900007", status: AppointmentStatus.Completed);

        // 365 days (the default) after the fourth slot, before the last one's anniversary.
        App.Clock.SetUtcNow(Wib.At(Monday.AddDays(4 + 366), new TimeOnly(9, 0)));
        var erased = await EraseAsync();

        Assert.Equal(4, erased);
        var rows = await App.WithDbAsync(db => db.Appointments.AsNoTracking().ToDictionaryAsync(a => a.Id));
        foreach (var a in new[] { completed, cancelled, noShow, notRecorded }.Select(x => rows[x.Id]))
        {
            Assert.Empty(a.NikCipher);
            Assert.Empty(a.KkCipher);
            Assert.Empty(a.NikHash);
            Assert.Equal("", a.FullName);
            Assert.Equal("", a.Phone);
            Assert.Null(a.Email);
            Assert.Equal(DateOnly.MinValue, a.BirthDate);
            Assert.Equal(App.Clock.GetUtcNow(), a.PersonalDataErasedAt);
            // What the dashboard counts stays.
            Assert.Equal("13.08.05.2001", a.VillageCode);
            Assert.Equal(ServiceType.NewRecording, a.Service);
            Assert.NotEqual(Guid.Empty, a.SlotId);
        }
        Assert.Equal(AppointmentStatus.NoShow, rows[noShow.Id].Status);
        foreach (var kept in new[] { stillBooked, checkedIn, recentFinish }.Select(x => rows[x.Id]))
        {
            Assert.NotEmpty(kept.NikCipher);
            Assert.Equal("Siti Rahmawati", kept.FullName);
            Assert.Null(kept.PersonalDataErasedAt);
        }

        Assert.Equal(0, await EraseAsync());
    }

    [Fact]
    public async Task Retention_clears_the_phone_of_walk_in_tickets_past_the_period_and_keeps_the_ticket_and_its_status_code()
    {
        var point = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "dpks").Select(p => p.Id).SingleAsync());
        QueueTicket WalkIn(DateOnly day) => new()
        {
            ServicePointId = point, ServiceDate = day, Series = TicketSeries.B, Number = 1, Service = ServiceType.NewRecording,
            IssuedAt = Wib.At(day, new TimeOnly(8, 0)), OrderAt = Wib.At(day, new TimeOnly(8, 0)), StatusCode = BookingCode.New(),
            Phone = "+6281234567890",
        };
        var (old, lastDayKept) = (WalkIn(Monday), WalkIn(Monday.AddDays(1)));
        await App.WithDbAsync(db => { db.QueueTickets.AddRange(old, lastDayKept); return db.SaveChangesAsync(); });

        // 366 days after the first ticket's day, in the morning: that day ended more than 365 days ago, the next did not.
        App.Clock.SetUtcNow(Wib.At(Monday.AddDays(366), new TimeOnly(9, 0)));
        await EraseAsync();

        var rows = await App.WithDbAsync(db => db.QueueTickets.AsNoTracking().ToDictionaryAsync(t => t.Id));
        Assert.Null(rows[old.Id].Phone);
        Assert.Equal(old.StatusCode, rows[old.Id].StatusCode);
        Assert.Equal("+6281234567890", rows[lastDayKept.Id].Phone);
        Assert.Contains("the phones of 1 walk-in tickets", App.Log.Text);
        Assert.DoesNotContain("6281234567890", App.Log.Text);
    }

    [Fact]
    public async Task Retention_logs_counts_only()
    {
        await App.BookAsync("dpks", Monday.AddDays(1), status: AppointmentStatus.Completed);
        App.Clock.SetUtcNow(Wib.At(Monday.AddDays(400), new TimeOnly(9, 0)));
        await EraseAsync();

        var logs = App.Log.Text;
        Assert.Contains("personal data of 1 finished appointments", logs);
        Assert.DoesNotContain(AdminTestData.Nik, logs);
        Assert.DoesNotContain("Siti", logs);
    }

    [Fact]
    public void The_retention_period_is_validated_at_start_up()
    {
        var options = new RetentionOptions { AppointmentDays = 5 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
    }
}
