using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EKtp.Tests.Integration.Booking.BookingTestData;

namespace EKtp.Tests.Integration.Appointments;

public class AppointmentTransitionsTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private const int Rounds = 12;

    [Fact]
    public async Task Active_is_one_SQL_condition_with_the_names_of_the_index_filter()
    {
        var sql = await App.WithDbAsync(db => Task.FromResult(db.Appointments.Where(Appointment.IsActive).ToQueryString()));
        Assert.Contains("IN ('Booked', 'CheckedIn')", sql);
        var finished = await App.WithDbAsync(db => Task.FromResult(db.Appointments.Where(Appointment.IsFinished).ToQueryString()));
        Assert.Contains("IN ('Completed', 'NotRecorded', 'NoShow', 'Cancelled')", finished);
        var filter = await App.WithDbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Appointment))!.GetIndexes()
            .Single(i => i.GetDatabaseName() == "ux_appointments_one_active_per_nik_and_service").GetFilter()));
        Assert.Equal("status IN ('Booked', 'CheckedIn')", filter);
    }

    [Fact]
    public async Task A_cancel_and_a_reschedule_from_the_same_state_at_once_let_exactly_one_win_and_the_slot_counts_hold()
    {
        var (from, to) = await TwoRoomySlotsAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var id = await BookAsync(from.Id, round);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var now = App.Clock.GetUtcNow();
            var cancel = InOwnTransactionAsync(start.Task, db => db.CancelAsync(id, from.Id, "Berhalangan", now));
            var move = InOwnTransactionAsync(start.Task, async db => await db.RescheduleAsync(id, from.Id, to, now) == MoveResult.Moved);
            start.SetResult();
            var (cancelled, moved) = (await cancel, await move);

            Assert.True(cancelled ^ moved, $"round {round}: cancelled {cancelled}, moved {moved}");
            var a = await App.WithDbAsync(db => db.Appointments.SingleAsync(x => x.Id == id));
            Assert.Equal(cancelled ? (AppointmentStatus.Cancelled, from.Id) : (AppointmentStatus.Booked, to.Id), (a.Status, a.SlotId));
        }
        await AssertSlotCountsMatchActiveAppointmentsAsync(from.Id, to.Id);
    }

    [Fact]
    public async Task Cancel_and_reschedule_pages_racing_over_one_appointment_never_lose_or_double_a_place()
    {
        var (from, to) = await TwoRoomySlotsAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var id = await BookAsync(from.Id, round);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var cancel = WithChangeAsync(start.Task, change => change.CancelAsync(id, null));
            var move = WithChangeAsync(start.Task, change => change.RescheduleAsync(id, to.Id));
            start.SetResult();
            var (cancelled, moved) = (await cancel, await move);

            // The row lock orders them: cancel first refuses the reschedule; reschedule first is then cancelled.
            Assert.Equal(ChangeResult.Done, cancelled.Result);
            Assert.Contains(moved.Result, new[] { ChangeResult.Done, ChangeResult.NotActive });
            Assert.Equal(AppointmentStatus.Cancelled, await App.WithDbAsync(db => db.Appointments.Where(x => x.Id == id).Select(x => x.Status).SingleAsync()));
        }
        await AssertSlotCountsMatchActiveAppointmentsAsync(from.Id, to.Id);
    }

    [Fact]
    public async Task A_booking_writes_every_column_of_the_appointment_and_its_message_as_the_model_maps_them()
    {
        var slot = await SlotAsync(App);
        var now = App.Clock.GetUtcNow();
        var appointment = NewAppointment(slot, serial: 1);
        // Not what a booking sends, but every column set: the free-text converter must run as SaveChanges runs it.
        appointment.Email = "warga@contoh.id";
        appointment.CancelReason = "NIK 1308051505900001 salah ketik";
        appointment.RescheduleCount = 2;
        appointment.DeclaredMarried = true;
        var message = ConfirmationOf(appointment);

        var result = await App.WithDbAsync(db => db.BookAsync(appointment, null, message, now, "13.08"));

        Assert.Equal(BookSlotResult.Booked, result);
        var (savedAppointment, savedMessage, booked) = await App.WithDbAsync(async db => (
            await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointment.Id),
            await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == message.Id),
            await db.Slots.Where(s => s.Id == slot.Id).Select(s => s.Booked).SingleAsync()));
        Assert.Equal(slot.Booked + 1, booked);
        appointment.CancelReason = FreeText.Clean(appointment.CancelReason, 300);
        Assert.DoesNotContain("1308051505900001", savedAppointment.CancelReason);
        await App.WithDbAsync(db =>
        {
            // Every mapped property, so a column added to the model later is checked too.
            foreach (var (expected, saved) in new object[] { appointment, message }.Zip(new object[] { savedAppointment, savedMessage }))
            foreach (var property in db.Model.FindEntityType(expected.GetType())!.GetProperties())
            {
                var (want, got) = (property.GetGetter().GetClrValueUsingContainingEntity(expected), property.GetGetter().GetClrValueUsingContainingEntity(saved));
                Assert.True(want is byte[] bytes ? bytes.SequenceEqual((byte[])got!) : Equals(want, got), $"{expected.GetType().Name}.{property.Name}");
            }
            return Task.CompletedTask;
        });
        Assert.Equal(("13.08", AppointmentStatus.Booked), (savedAppointment.RegencyCode, savedAppointment.Status));
    }

    [Fact]
    public async Task A_booking_of_a_full_slot_writes_neither_the_appointment_nor_its_message()
    {
        var slot = await SlotAsync(App);
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == slot.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Capacity)));
        var appointment = NewAppointment(slot, serial: 1);
        var message = ConfirmationOf(appointment);

        var result = await App.WithDbAsync(db => db.BookAsync(appointment, null, message, App.Clock.GetUtcNow(), "13.08"));

        Assert.Equal(BookSlotResult.SlotUnavailable, result);
        Assert.Equal((0, 0), await App.WithDbAsync(async db => (
            await db.Appointments.CountAsync(a => a.Id == appointment.Id), await db.Outbox.CountAsync(m => m.Id == message.Id))));
    }

    [Fact]
    public async Task A_booking_refused_by_a_unique_index_leaves_the_slot_count_and_the_outbox_as_they_were()
    {
        var slot = await SlotAsync(App);
        var now = App.Clock.GetUtcNow();
        var first = NewAppointment(slot, serial: 1);
        Assert.Equal(BookSlotResult.Booked, await App.WithDbAsync(db => db.BookAsync(first, null, ConfirmationOf(first), now, "13.08")));

        var sameKey = NewAppointment(slot, serial: 2);
        sameKey.IdempotencyKey = first.IdempotencyKey;
        var sameNik = NewAppointment(slot, serial: 1);
        var sameCode = NewAppointment(slot, serial: 3);
        sameCode.Code = first.Code;
        var results = new List<BookSlotResult>();
        foreach (var again in new[] { sameKey, sameNik, sameCode })
            results.Add(await App.WithDbAsync(db => db.BookAsync(again, null, ConfirmationOf(again), now, "13.08")));

        Assert.Equal([BookSlotResult.KeyUsed, BookSlotResult.DuplicateActive, BookSlotResult.CodeTaken], results);
        Assert.Equal((slot.Booked + 1, 1, 1), await App.WithDbAsync(async db => (
            await db.Slots.Where(s => s.Id == slot.Id).Select(s => s.Booked).SingleAsync(),
            await db.Appointments.CountAsync(a => a.SlotId == slot.Id),
            await db.Outbox.CountAsync(m => m.Kind == "booking-confirmed"))));
    }

    [Fact]
    public async Task A_booking_inside_an_open_transaction_is_refused_before_it_writes()
    {
        var slot = await SlotAsync(App);
        var appointment = NewAppointment(slot, serial: 1);

        await App.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                db.BookAsync(appointment, null, ConfirmationOf(appointment), App.Clock.GetUtcNow(), "13.08"));
        });

        Assert.Equal((slot.Booked, 0), await App.WithDbAsync(async db => (
            await db.Slots.Where(s => s.Id == slot.Id).Select(s => s.Booked).SingleAsync(),
            await db.Appointments.CountAsync(a => a.Id == appointment.Id))));
    }

    private OutboxMessage ConfirmationOf(Appointment a) => EKtp.Web.Infrastructure.Notifications.Outbox.Message(App.Clock,
        "booking-confirmed", "booking-confirmed:" + a.Id.ToString("N"), a.Phone, "Booking diterima");

    private Appointment NewAppointment(Slot slot, int serial) => new()
    {
        Code = "T" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant(), SlotId = slot.Id, ServicePointId = slot.ServicePointId,
        Service = ServiceType.NewRecording, NikHash = [(byte)serial, 2, 3], NikCipher = [4, 5, 6], KkCipher = [7, 8, 9],
        FullName = "Siti Rahma", BirthDate = new DateOnly(1990, 5, 15), Phone = "+6281234567890", VillageCode = "13.08.05.2001",
        IdempotencyKey = Guid.NewGuid(), CreatedAt = App.Clock.GetUtcNow(),
    };

    private async Task<(Slot From, Slot To)> TwoRoomySlotsAsync()
    {
        var from = await SlotAsync(App);
        var to = await SlotAsync(App, index: 1);
        await App.WithDbAsync(db => db.Slots.Where(s => s.Id == from.Id || s.Id == to.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Capacity, 2 * Rounds)));
        return (from, await SlotAsync(App, index: 1));
    }

    private async Task<Guid> BookAsync(Guid slotId, int round)
    {
        using var api = App.CreateClient();
        var code = await BookByApiAsync(api, slotId, Nik(round + 1));
        return await App.WithDbAsync(db => db.Appointments.Where(a => a.Code == code).Select(a => a.Id).SingleAsync());
    }

    /// <summary>Runs a transition on its own connection and transaction, once <paramref name="start"/> fires.</summary>
    private async Task<bool> InOwnTransactionAsync(Task start, Func<EKtpDbContext, Task<bool>> transition)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EKtpDbContext>();
        await db.Database.OpenConnectionAsync();
        await start;
        await using var tx = await db.Database.BeginTransactionAsync();
        var done = await transition(db);
        await tx.CommitAsync();
        return done;
    }

    private async Task<ChangeOutcome> WithChangeAsync(Task start, Func<ChangeAppointment, Task<ChangeOutcome>> action)
    {
        using var scope = App.Services.CreateScope();
        var change = scope.ServiceProvider.GetRequiredService<ChangeAppointment>();
        await scope.ServiceProvider.GetRequiredService<EKtpDbContext>().Database.OpenConnectionAsync();
        await start;
        return await action(change);
    }

    private async Task AssertSlotCountsMatchActiveAppointmentsAsync(params Guid[] slotIds)
    {
        foreach (var slotId in slotIds)
        {
            var (booked, active) = await App.WithDbAsync(async db => (
                await db.Slots.Where(s => s.Id == slotId).Select(s => s.Booked).SingleAsync(),
                await db.Appointments.Where(Appointment.IsActive).CountAsync(a => a.SlotId == slotId)));
            Assert.Equal(active, booked);
        }
    }
}
