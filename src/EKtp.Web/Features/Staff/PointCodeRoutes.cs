using EKtp.Web.Data;
using EKtp.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.EntityFrameworkCore;

namespace EKtp.Web.Features.Staff;

/// <summary>
/// Marks an action's <see cref="ServicePoint"/> parameter as the point of its <c>{pointCode}</c> route (decision 1122).
/// <see cref="PointCodeFilter"/> resolves it before the action runs — 404 for an unknown code, 403 for a staff member
/// who may not act there (<see cref="StaffPolicies.WorksAtPoint"/>) — and the action receives it, read-only.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromPointCodeAttribute : Attribute, IBindingSourceMetadata
{
    public const string RouteValue = "pointCode";

    public static readonly BindingSource Source = new("PointCode", "Service point of the route", isGreedy: true, isFromRequest: false);

    public BindingSource BindingSource => Source;
}

/// <summary>Runs before model binding, after the [Authorize] policies and the antiforgery check.</summary>
public sealed class PointCodeFilter(EKtpDbContext db, IAuthorizationService authorization) : IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        if (!context.ActionDescriptor.Parameters.Any(p => p.BindingInfo?.BindingSource == FromPointCodeAttribute.Source)) return;
        var code = context.RouteData.Values[FromPointCodeAttribute.RouteValue] as string;
        var ct = context.HttpContext.RequestAborted;
        var point = code is null ? null : await db.ServicePoints.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, ct);
        if (point is null) { context.Result = new NotFoundResult(); return; }
        var allowed = await authorization.AuthorizeAsync(context.HttpContext.User, point, StaffPolicies.WorksAtPoint);
        if (!allowed.Succeeded) { context.Result = new ForbidResult(); return; }
        context.HttpContext.Items[typeof(ServicePoint)] = point;
    }
}

/// <summary>Hands the point the filter resolved to the action; nothing is read from the request, so nothing is validated.</summary>
public sealed class PointCodeBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        if (bindingContext.HttpContext.Items[typeof(ServicePoint)] is ServicePoint point)
        {
            bindingContext.Result = ModelBindingResult.Success(point);
            bindingContext.ValidationState[point] = new ValidationStateEntry { SuppressValidation = true };
        }
        return Task.CompletedTask;
    }
}

public sealed class PointCodeBinderProvider : IModelBinderProvider
{
    private static readonly PointCodeBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.BindingInfo.BindingSource == FromPointCodeAttribute.Source && context.Metadata.ModelType == typeof(ServicePoint)
            ? Binder : null;
}

public static class PointCodeRegistration
{
    public static IServiceCollection AddPointCodeRoutes(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(StaffPolicies.WorksAtPoint, p => p.AddRequirements(new WorksAtPointRequirement()));
        services.AddSingleton<IAuthorizationHandler, WorksAtPointHandler>();
        services.AddScoped<PointCodeFilter>();
        services.Configure<MvcOptions>(o =>
        {
            // After the antiforgery check (order 1000), as the lookup in each action used to be.
            o.Filters.AddService<PointCodeFilter>(order: 1001);
            o.ModelBinderProviders.Insert(0, new PointCodeBinderProvider());
        });
        return services;
    }
}
