# The portal as one container. Build: docker build -t ektp . (needs a Docker engine; see README).
# .dockerignore keeps .data/ (secrets, the local cluster), bin/obj, .git and the tests' screenshots out of the build.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that a code change does not download the packages again.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/EKtp.Web/EKtp.Web.csproj src/EKtp.Web/
RUN dotnet restore src/EKtp.Web/EKtp.Web.csproj
COPY . .
RUN dotnet publish src/EKtp.Web/EKtp.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image's user (app, uid $APP_UID) may write only these two folders; the code under /app stays read-only to it.
# Data Protection keys (staff cookies, forms, residents' slips) are in the database, so nothing else needs to persist.
RUN mkdir -p /var/log/ektp /var/lib/ektp/outbox \
    && chown -R "$APP_UID:$APP_UID" /var/log/ektp /var/lib/ektp
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Logging__Directory=/var/log/ektp \
    Notifications__FileDirectory=/var/lib/ektp/outbox
VOLUME ["/var/log/ektp", "/var/lib/ektp/outbox"]
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "EKtp.Web.dll"]
