using System.Security.Cryptography;
using System.Text;
using EKtp.Tests.Integration.Admin;
using EKtp.Tests.Support;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Privacy;
using EKtp.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EKtp.Tests.Integration.Privacy;

[Collection(PlatformDatabaseCollection.Name)]
public class PersonalDataAtRestTests(EKtpAppFactory app) : IntegrationTest(app)
{
    private static readonly DateOnly Monday = new(2027, 3, 1);

    private async Task<byte[]> RawColumnAsync(string column, Guid id)
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select {column} from appointments where id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_NIK_is_not_readable_in_the_database_row_but_is_found_by_its_keyed_hash()
    {
        var appointment = await App.BookAsync("dpks", Monday.AddDays(1));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.OpenAsync();
        await using var dump = new NpgsqlCommand("select row_to_json(a)::text from appointments a", connection);
        var row = (string)(await dump.ExecuteScalarAsync())!;
        Assert.DoesNotContain(AdminTestData.Nik, row);
        Assert.DoesNotContain(AdminTestData.Kk, row);
        var cipher = await RawColumnAsync("nik_cipher", appointment.Id);
        Assert.DoesNotContain(AdminTestData.Nik, Encoding.UTF8.GetString(cipher));
        Assert.DoesNotContain(AdminTestData.Nik, Convert.ToHexString(cipher));

        var protector = App.Get<PersonalDataProtector>();
        var hash = protector.Hash(AdminTestData.Nik);
        var found = await App.WithDbAsync(db => db.Appointments.SingleAsync(a => a.NikHash == hash));
        Assert.Equal(appointment.Id, found.Id);
        Assert.Equal(AdminTestData.Nik, protector.Decrypt(found.NikCipher));
        Assert.Equal(AdminTestData.Kk, protector.Decrypt(found.KkCipher));
    }

    [Fact]
    public async Task After_a_key_rotation_old_rows_stay_readable_and_rekey_moves_them_to_the_new_key_once()
    {
        var old = App.Get<PersonalDataProtector>();
        var appointment = await App.BookAsync("dpks", Monday.AddDays(1));
        await App.WithDbAsync(async db =>
        {
            db.Recordings.Add(new Recording { ServicePointId = appointment.ServicePointId, NikHash = old.Hash(AdminTestData.Nik),
                NikCipher = old.Encrypt(AdminTestData.Nik), RecordedAt = App.Clock.GetUtcNow(), RecordedById = Guid.NewGuid() });
            db.Cards.Add(new Card { NikHash = old.Hash(AdminTestData.Nik), NikCipher = old.Encrypt(AdminTestData.Nik),
                RecordedAtPointId = appointment.ServicePointId, CreatedAt = App.Clock.GetUtcNow(), UpdatedAt = App.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });

        // The rotation as docs/operations.md describes it: add k2 beside the old key, make it active.
        var settings = App.Services.GetRequiredService<IOptions<PersonalDataOptions>>().Value;
        var rotated = new PersonalDataOptions
        {
            HashKey = settings.HashKey, ActiveKeyId = "k2",
            EncryptionKeys = new(settings.EncryptionKeys) { ["k2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        };
        Assert.True(new PersonalDataOptionsValidator().Validate(null, rotated).Succeeded);
        var fresh = new PersonalDataProtector(Options.Create(rotated));
        var cipher = await RawColumnAsync("nik_cipher", appointment.Id);
        Assert.Equal(old.ActiveKeyId, PersonalDataProtector.KeyIdOf(cipher));
        Assert.Equal(AdminTestData.Nik, fresh.Decrypt(cipher));

        var first = await App.WithDbAsync(db => new PersonalDataRekey(db, fresh, NullLogger<PersonalDataRekey>.Instance).RunAsync());
        Assert.Equal(new RekeyResult(1, 1, 1), first);

        await App.WithDbAsync(async db =>
        {
            var a = await db.Appointments.AsNoTracking().SingleAsync();
            Assert.Equal("k2", PersonalDataProtector.KeyIdOf(a.NikCipher));
            Assert.Equal("k2", PersonalDataProtector.KeyIdOf(a.KkCipher));
            Assert.Equal(AdminTestData.Nik, fresh.Decrypt(a.NikCipher));
            Assert.Equal(AdminTestData.Kk, fresh.Decrypt(a.KkCipher));
            Assert.Equal("k2", PersonalDataProtector.KeyIdOf((await db.Recordings.AsNoTracking().SingleAsync()).NikCipher));
            Assert.Equal("k2", PersonalDataProtector.KeyIdOf((await db.Cards.AsNoTracking().SingleAsync()).NikCipher));
            // The lookup hash did not change: the resident is still found.
            Assert.Equal(a.Id, (await db.Appointments.AsNoTracking().SingleAsync(x => x.NikHash == fresh.Hash(AdminTestData.Nik))).Id);
        });
        // Once the old key is removed, the new-key-only protector reads everything.
        var withoutOld = new PersonalDataProtector(Options.Create(new PersonalDataOptions
        {
            HashKey = settings.HashKey, ActiveKeyId = "k2", EncryptionKeys = new() { ["k2"] = rotated.EncryptionKeys["k2"] },
        }));
        Assert.Equal(AdminTestData.Nik, withoutOld.Decrypt(await RawColumnAsync("nik_cipher", appointment.Id)));

        var second = await App.WithDbAsync(db => new PersonalDataRekey(db, fresh, NullLogger<PersonalDataRekey>.Instance).RunAsync());
        Assert.Equal(0, second.Total);
    }

    [Fact]
    public async Task Rekey_walks_every_batch()
    {
        var old = App.Get<PersonalDataProtector>();
        var point = await App.WithDbAsync(db => db.ServicePoints.Where(p => p.Code == "dpks").Select(p => p.Id).SingleAsync());
        await App.WithDbAsync(async db =>
        {
            for (var i = 0; i < PersonalDataRekey.BatchSize + 7; i++)
                db.Recordings.Add(new Recording { ServicePointId = point, NikHash = old.Hash($"13080501019{i:00000}"),
                    NikCipher = old.Encrypt($"13080501019{i:00000}"), RecordedAt = App.Clock.GetUtcNow(), RecordedById = Guid.NewGuid() });
            await db.SaveChangesAsync();
        });
        var settings = App.Services.GetRequiredService<IOptions<PersonalDataOptions>>().Value;
        var fresh = new PersonalDataProtector(Options.Create(new PersonalDataOptions
        {
            HashKey = settings.HashKey, ActiveKeyId = "k2",
            EncryptionKeys = new(settings.EncryptionKeys) { ["k2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        }));

        var result = await App.WithDbAsync(db => new PersonalDataRekey(db, fresh, NullLogger<PersonalDataRekey>.Instance).RunAsync());

        Assert.Equal(PersonalDataRekey.BatchSize + 7, result.Recordings);
        var keys = await App.WithDbAsync(db => db.Recordings.Select(r => r.NikCipher).ToListAsync());
        Assert.All(keys, c => Assert.Equal("k2", PersonalDataProtector.KeyIdOf(c)));
    }
}
