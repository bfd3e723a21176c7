namespace EKtp.Web.Features.Dashboard;

/// <summary>The key for the dashboard's and the population-target import's own strings (English in Resources/Features/Dashboard).</summary>
public sealed class DashboardText;
