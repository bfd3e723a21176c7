# The portal as one container. Build: docker build -t ektp . (needs a Docker engine; see README).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/EKtp.Web/EKtp.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Logging__Directory=/var/log/ektp
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "EKtp.Web.dll"]
