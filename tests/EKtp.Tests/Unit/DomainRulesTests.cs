using System.Security.Cryptography;
using EKtp.Web.Domain;
using EKtp.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace EKtp.Tests.Unit;

public class DomainRulesTests
{
    [Fact]
    public void A_cancelled_stop_and_a_schedule_change_are_administrative_and_every_other_kind_an_outage_in_memory_and_in_queries()
    {
        var isOutage = Disruption.IsOutage.Compile();
        foreach (var kind in Enum.GetValues<DisruptionKind>())
        {
            var d = new Disruption { Kind = kind };
            Assert.Equal(kind is DisruptionKind.MobileStopCancelled or DisruptionKind.ScheduleChange, d.IsAdministrative);
            Assert.Equal(!d.IsAdministrative, isOutage(d));
        }
    }

    [Fact]
    public void Booked_and_checked_in_hold_a_place_and_every_other_status_is_finished()
    {
        var (active, finished) = (Appointment.IsActive.Compile(), Appointment.IsFinished.Compile());
        foreach (var status in Enum.GetValues<AppointmentStatus>())
        {
            var a = new Appointment { Code = "PSM-7K3Q2XQ", VillageCode = "13.08.05.2001", Status = status };
            Assert.Equal(status is AppointmentStatus.Booked or AppointmentStatus.CheckedIn, active(a));
            Assert.Equal(active(a), a.HoldsPlace());
            Assert.NotEqual(active(a), finished(a));
        }
    }

    [Fact]
    public void Booking_codes_avoid_characters_that_are_misread_aloud()
    {
        var codes = Enumerable.Range(0, 500).Select(_ => BookingCode.New()).ToList();
        Assert.All(codes, c => Assert.True(BookingCode.IsWellFormed(c), c));
        Assert.DoesNotContain(codes, c => c[4..].IndexOfAny(['0', 'O', '1', 'I', 'L']) >= 0);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal("PSM-7K3Q2XQ", BookingCode.Normalize(" psm 7k3q2xq"));
        Assert.Equal("PSM-7K3Q2XQ", BookingCode.Normalize("7K3Q2XQ"));
    }

    [Fact]
    public void A_session_is_cut_into_whole_slots_in_WIB()
    {
        var slots = SlotPlanner.Cut(new DateOnly(2027, 3, 1), new TimeOnly(7, 30), new TimeOnly(9, 45), 30, 4).ToList();
        Assert.Equal(4, slots.Count);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 0, 30, 0, TimeSpan.Zero), slots[0].StartsAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 2, 30, 0, TimeSpan.Zero), slots[^1].EndsAt);
        Assert.All(slots, s => Assert.Equal(4, s.Capacity));
    }

    [Fact]
    public void Personal_data_round_trips_and_old_keys_still_open_after_rotation()
    {
        var k1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var k2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var hash = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var before = new PersonalDataProtector(Options.Create(new PersonalDataOptions
            { ActiveKeyId = "k1", EncryptionKeys = new() { ["k1"] = k1 }, HashKey = hash }));
        var after = new PersonalDataProtector(Options.Create(new PersonalDataOptions
            { ActiveKeyId = "k2", EncryptionKeys = new() { ["k1"] = k1, ["k2"] = k2 }, HashKey = hash }));

        var sealedOld = before.Encrypt("1308051203900001");
        Assert.DoesNotContain("1308051203900001", System.Text.Encoding.UTF8.GetString(sealedOld));
        Assert.Equal("1308051203900001", after.Decrypt(sealedOld));
        Assert.Equal("k2", PersonalDataProtector.KeyIdOf(after.Encrypt("x")));
        Assert.Equal(before.Hash("1308051203900001"), after.Hash("1308051203900001"));
        sealedOld[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => after.Decrypt(sealedOld));
    }

    [Fact]
    public void Personal_data_sealed_on_many_threads_at_once_opens_to_each_value_and_hashes_as_HMAC_SHA256()
    {
        var hashKey = RandomNumberGenerator.GetBytes(32);
        var protector = new PersonalDataProtector(Options.Create(new PersonalDataOptions
        {
            ActiveKeyId = "k1", EncryptionKeys = new() { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            HashKey = Convert.ToBase64String(hashKey),
        }));
        var wrong = new System.Collections.Concurrent.ConcurrentBag<int>();

        // Each thread keeps its own contexts: values sealed at the same time must not mix, and a refused (tampered)
        // value must leave the thread's context fit for the next one.
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var value = $"1308{i:D12}" + (i % 7 == 0 ? new string('x', 300) : "");
            var sealedValue = protector.Encrypt(value);
            if (i % 5 == 0)
            {
                var tampered = (byte[])sealedValue.Clone();
                tampered[^1] ^= 1;
                try { protector.Decrypt(tampered); wrong.Add(i); } catch (CryptographicException) { }
            }
            if (protector.Decrypt(sealedValue) != value
                || !protector.Hash(value).AsSpan().SequenceEqual(HMACSHA256.HashData(hashKey, System.Text.Encoding.UTF8.GetBytes(value))))
                wrong.Add(i);
        });

        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("NIK 1308051203900001 in text", "NIK 1308 **** **** 0001 in text")]
    [InlineData("/status/1308051203900001?x=1", "/status/1308 **** **** 0001?x=1")]
    [InlineData("KK 1308 0512 0390 0002.", "KK 1308 **** **** 0002.")]
    [InlineData("call 081234567890 now", "call 0812*****90 now")]
    [InlineData("call +6281234567890", "call +62812*****90")]
    [InlineData("slot 2027-03-01 id 42", "slot 2027-03-01 id 42")]
    public void Log_text_is_masked_for_NIK_and_phone_like_values(string input, string expected) =>
        Assert.Equal(expected, PersonalDataMasking.Mask(input));
}
