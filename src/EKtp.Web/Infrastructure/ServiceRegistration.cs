using System.Globalization;
using EKtp.Web.Data;
using EKtp.Web.Domain;
using EKtp.Web.Features.Admin;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using EKtp.Web.Features.Appointments;
using EKtp.Web.Features.Booking;
using EKtp.Web.Features.Dashboard;
using EKtp.Web.Features.Scheduling;
using EKtp.Web.Features.ServiceStatus;
using EKtp.Web.Features.Disruptions;
using EKtp.Web.Features.FieldNodes;
using EKtp.Web.Features.HomeVisits;
using EKtp.Web.Features.MobileUnits;
using EKtp.Web.Features.SchoolDrives;
using EKtp.Web.Infrastructure.Notifications;
using EKtp.Web.Features.Staff;
using EKtp.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

public static class ServiceRegistration
{
    public static readonly CultureInfo[] SupportedCultures = [new("id-ID"), new("en-US")];

    public static WebApplicationBuilder AddEKtp(this WebApplicationBuilder builder)
    {
        builder.AddEKtpLogging();
        builder.AddEKtpTransport();
        builder.AddEKtpMetrics();
        // Outside Development too (tests, benchmarks), a build serves wwwroot's build-time compressed copies; a
        // publish output has no static-web-assets manifest, so this does nothing there (decision 1401).
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<TenantOptions>().BindConfiguration(TenantOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CapacityOptions>().BindConfiguration(CapacityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PersonalDataOptions>, PersonalDataOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PersonalDataProtector>();
        services.AddSingleton<RegencyStampInterceptor>();

        var connectionString = configuration.GetConnectionString("EKtp");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "No database is configured. Set ConnectionStrings__EKtp (for example " +
                "\"Host=127.0.0.1;Port=5433;Database=ektp;Username=ektp;Password=...\"), or start the portal with ./ektp run.");
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        connectionString = DatabaseConnection.Tune(connectionString, database.ConnectTimeoutSeconds, database.MaxPoolSize);
        services.AddDbContextPool<EKtpDbContext>((sp, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsAssembly(typeof(EKtpDbContext).Assembly.FullName)
                .CommandTimeout(database.CommandTimeoutSeconds))
            .UseSnakeCaseNamingConvention()
            .EnableThreadSafetyChecks(database.ThreadSafetyChecks ?? !builder.Environment.IsProduction())
            // A failed command or SaveChanges throws; whoever handles the exception decides how loud it is. A booking
            // repeated or duplicated ends in a unique violation by design (decision 0104): not an error in the log.
            .ConfigureWarnings(w => w.Log(
                (CoreEventId.SaveChangesFailed, LogLevel.Information),
                (RelationalEventId.CommandError, LogLevel.Information)))
            .AddInterceptors(sp.GetRequiredService<RegencyStampInterceptor>()));

        services.AddIdentity<StaffUser, IdentityRole<Guid>>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<EKtpDbContext>()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/staff/sign-in";
            o.LogoutPath = "/staff/sign-out";
            o.AccessDeniedPath = "/staff/denied";
            o.Cookie.Name = "ektp.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder()
            // Deny by default: every endpoint needs a signed-in user unless it says [AllowAnonymous].
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Dashboard, p => p.RequireRole(Roles.Head, Roles.Admin));

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(SupportedCultures[0]);
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            // Only the visitor's own choice switches language; the browser's Accept-Language does not.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add<AntiforgeryFailurePage>();
            })
            .AddRazorOptions(o =>
            {
                // Feature folders: Features/<Feature>/<View>.cshtml, shared views in Features/Shared.
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization();
        // Keys in the database: a restart or a second instance still reads staff cookies, forms and residents' slips.
        services.AddDataProtection().SetApplicationName("EKtp").PersistKeysToDbContext<EKtpDbContext>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ektp.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.AddProblemDetails();
        services.AddValidatorsFromAssemblyContaining<EKtpDbContext>(ServiceLifetime.Scoped,
            filter: r => !BookingRegistration.SingletonValidators.Contains(r.ValidatorType)
                && !AppointmentsRegistration.SingletonValidators.Contains(r.ValidatorType));
        services.AddEKtpScaleOut(configuration);
        services.AddEKtpRateLimiting(configuration);
        services.AddEKtpCompression();
        services.AddEKtpProxyHeaders(configuration);
        services.AddSingleton(_ => new ReadinessDatabase(connectionString));
        services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database", tags: ["ready"], timeout: TimeSpan.FromSeconds(1.5));

        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        services.AddScoped<SubmitOnce>();
        services.AddScoped<ServiceStatusReader>();
        services.AddSingleton<LastKnownServiceStatus>();
        services.AddSingleton<PublicBlankStock>();
        services.AddScoped<SlotGenerator>();
        services.AddScoped<ReferenceDataSeeder>();
        services.AddRecurringJob<SlotGenerationJob>();
        services.AddNotifications();
        services.AddAppointments();
        services.AddDisruptions();
        services.AddMobileUnits();
        services.AddSchoolDrives();
        services.AddHomeVisits();
        services.AddStaffArea();
        services.AddBooking();
        services.AddDashboard(configuration);
        services.AddAdministration();
        services.AddFieldNodes(configuration);
        services.AddFieldNodeOps();
        return builder;
    }
}

public static class Policies
{
    public const string Staff = "staff";
    public const string Admin = "admin";
    public const string Dashboard = "dashboard";
}
