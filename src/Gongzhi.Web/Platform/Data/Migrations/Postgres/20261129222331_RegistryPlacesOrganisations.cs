using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongzhi.Web.Platform.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    CreditCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    AreaCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Lat = table.Column<double>(type: "double precision", nullable: true),
                    Lng = table.Column<double>(type: "double precision", nullable: true),
                    ContactName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ContactPhoneCipher = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ContactPhoneMasked = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Employees = table.Column<int>(type: "integer", nullable: true),
                    PartyMembers = table.Column<int>(type: "integer", nullable: false),
                    HasPartyOrganisation = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_organisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "registry_places",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Major = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Lat = table.Column<double>(type: "double precision", nullable: false),
                    Lng = table.Column<double>(type: "double precision", nullable: false),
                    AreaCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    BuildingCode = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CameraPointId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
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
