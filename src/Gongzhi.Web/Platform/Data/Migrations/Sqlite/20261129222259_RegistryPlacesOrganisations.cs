using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongzhi.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RegistryPlacesOrganisations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "registry_organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Lat = table.Column<double>(type: "REAL", nullable: true),
                    Lng = table.Column<double>(type: "REAL", nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ContactPhoneCipher = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    ContactPhoneMasked = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Employees = table.Column<int>(type: "INTEGER", nullable: true),
                    PartyMembers = table.Column<int>(type: "INTEGER", nullable: false),
                    HasPartyOrganisation = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "registry_places",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Major = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Lat = table.Column<double>(type: "REAL", nullable: false),
                    Lng = table.Column<double>(type: "REAL", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    BuildingCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CameraPointId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_places", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_registry_organisations_AreaCode_Name",
                table: "registry_organisations",
                columns: new[] { "AreaCode", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_registry_organisations_CreditCode",
                table: "registry_organisations",
                column: "CreditCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registry_organisations_Kind_AreaCode",
                table: "registry_organisations",
                columns: new[] { "Kind", "AreaCode" });

            migrationBuilder.CreateIndex(
                name: "IX_registry_places_AreaCode_Kind",
                table: "registry_places",
                columns: new[] { "AreaCode", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_registry_places_Code",
                table: "registry_places",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "registry_organisations");

            migrationBuilder.DropTable(
                name: "registry_places");
        }
    }
}
