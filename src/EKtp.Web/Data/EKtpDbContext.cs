using EKtp.Web.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Data;

public class EKtpDbContext(DbContextOptions<EKtpDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<ServicePoint> ServicePoints => Set<ServicePoint>();
    public DbSet<ScheduleSession> ScheduleSessions => Set<ScheduleSession>();
    public DbSet<Holiday> Holidays => Set<Holiday>();
    public DbSet<ServicePointClosure> Closures => Set<ServicePointClosure>();
    public DbSet<MobileStop> MobileStops => Set<MobileStop>();
    public DbSet<Slot> Slots => Set<Slot>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<QueueTicket> QueueTickets => Set<QueueTicket>();
    public DbSet<Recording> Recordings => Set<Recording>();
    public DbSet<Card> Cards => Set<Card>();
    public DbSet<CardStatusChange> CardStatusChanges => Set<CardStatusChange>();
    public DbSet<BlankStockEntry> BlankStock => Set<BlankStockEntry>();
    public DbSet<Disruption> Disruptions => Set<Disruption>();
    public DbSet<PopulationTarget> PopulationTargets => Set<PopulationTarget>();
    public DbSet<PopulationTargetImport> PopulationTargetImports => Set<PopulationTargetImport>();
    public DbSet<RecordingRollup> RecordingRollups => Set<RecordingRollup>();
    public DbSet<BookingRollup> BookingRollups => Set<BookingRollup>();
    public DbSet<CardRollup> CardRollups => Set<CardRollup>();
    public DbSet<CardStatusCount> CardStatusCounts => Set<CardStatusCount>();
    public DbSet<CardStuckRollup> CardStuckRollups => Set<CardStuckRollup>();
    public DbSet<BlankStockRollup> BlankStockRollups => Set<BlankStockRollup>();
    public DbSet<CoverageRollup> CoverageRollups => Set<CoverageRollup>();
    public DbSet<RollupState> RollupStates => Set<RollupState>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<LookupLockout> LookupLockouts => Set<LookupLockout>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<MobileVisitRequest> MobileVisitRequests => Set<MobileVisitRequest>();
    public DbSet<HomeVisitRequest> HomeVisitRequests => Set<HomeVisitRequest>();
    public DbSet<QueueCounter> QueueCounters => Set<QueueCounter>();
    public DbSet<BlankStockBalance> BlankStockBalances => Set<BlankStockBalance>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<FormSubmission> FormSubmissions => Set<FormSubmission>();
    public DbSet<FieldEvent> FieldEvents => Set<FieldEvent>();
    public DbSet<FieldNodeState> FieldNodeStates => Set<FieldNodeState>();
    public DbSet<FieldNode> FieldNodes => Set<FieldNode>();
    public DbSet<FieldReviewItem> FieldReviewItems => Set<FieldReviewItem>();
    public DbSet<SchoolDrive> SchoolDrives => Set<SchoolDrive>();
    public DbSet<SchoolDriveStudent> SchoolDriveStudents => Set<SchoolDriveStudent>();
    public DbSet<IkdActivation> IkdActivations => Set<IkdActivation>();
    public DbSet<ExtraSession> ExtraSessions => Set<ExtraSession>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(EKtpDbContext).Assembly);
        // Identity names its tables explicitly (AspNetUsers…), which the snake_case convention leaves alone.
        builder.Entity<StaffUser>().ToTable("staff_users");
        builder.Entity<IdentityRole<Guid>>().ToTable("staff_roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("staff_user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("staff_user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("staff_user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("staff_user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("staff_role_claims");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in psql and in exports, and safe against reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
